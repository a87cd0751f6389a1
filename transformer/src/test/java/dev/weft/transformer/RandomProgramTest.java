package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.fixtures.Fx;
import dev.weft.transformer.FixtureExecution.Outcome;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.RandomProgram;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Differential test over generated programs ({@link RandomProgram}): each is compiled with javac, transformed,
 * verified, and run with awaits answered at once, with every await suspending, and with values becoming ready in a
 * random order over several loop turns; all three must print what its synchronous twin prints. The count is
 * {@code -Dweft.fuzz.programs} (default 200; 10,000 with {@code -Dweft.long=true}); a failure names the seed to replay.
 */
class RandomProgramTest {

  private static final int PROGRAMS =
      Integer.getInteger("weft.fuzz.programs", Boolean.getBoolean("weft.long") ? 10_000 : 200);
  private static final long FIRST_SEED = Long.getLong("weft.fuzz.seed", 1);
  private static final int BATCH = 25;
  private static final List<String> JAVAC = List.of("--release", "17", "-g");

  @Test
  void generatedProgramsBehaveLikeTheirSynchronousTwins() {
    for (long start = FIRST_SEED; start < FIRST_SEED + PROGRAMS; start += BATCH) {
      Map<String, String> sources = new LinkedHashMap<>();
      Map<String, String> twins = new LinkedHashMap<>();
      for (long seed = start; seed < Math.min(start + BATCH, FIRST_SEED + PROGRAMS); seed++) {
        String name = "Gen" + seed;
        String source = RandomProgram.source(name, seed);
        sources.put("fixtures." + name, source);
        twins.put("fixtures." + name, source.replace("await(", "now("));
      }
      Map<String, byte[]> transformed = Transforming.transformAll(InMemoryCompiler.compile(sources, JAVAC));
      Verification.verifyAll(transformed);
      Map<String, byte[]> twin = Transforming.transformAll(InMemoryCompiler.compile(twins, JAVAC));
      for (String binaryName : sources.keySet()) {
        String name = binaryName.substring("fixtures.".length());
        String replay = " (replay: -Dweft.fuzz.seed=" + name.substring(3) + " -Dweft.fuzz.programs=1)";
        String expected = FixtureExecution.run(new ClassBytesLoader(twin), name, Fx.Mode.IMMEDIATE).result();
        for (Fx.Mode mode : Fx.Mode.values()) {
          Fx.RANDOM.setSeed(Long.parseLong(name.substring(3)));
          Outcome outcome = FixtureExecution.run(new ClassBytesLoader(transformed), name, mode);
          assertEquals(expected, outcome.result(), name + " in mode " + mode + replay + "\n" + sources.get(binaryName));
        }
      }
    }
  }
}
