package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.ExternalCompiler;
import dev.weft.transformer.support.FrameOracle;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.RandomProgram;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.TypeFacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * TEST-PLAN #8: every frame the transformer wrote agrees with an independent recomputation ({@link FrameOracle}), and
 * its {@code max_stack}/{@code max_locals} are within {@value FrameOracle#MAX_SLACK} of what the code needs. Over each
 * fixture at each release {@link CoverageTest} runs, and over 20 generated programs ({@link RandomProgram}; 500 with
 * {@code -Dweft.long=true}). Checked: the methods the transformer wrote (stubs, state machines, resume bridges,
 * methods rewritten in place), not those it copied. Up to {@code --release 17} the recomputation loads the classes
 * (independent of the transformer's hierarchy code); from 21 (JDK 25's class files, which this JVM cannot load) it
 * reads the hierarchy from JDK 25's class files.
 */
class FrameOracleTest {

  static final int PROGRAMS = Boolean.getBoolean("weft.long") ? 500 : 20;
  private static final int BATCH = 25;

  private static final Map<String, FrameOracle.Report> TALLY = new TreeMap<>();

  @ParameterizedTest(name = "{0} --release {1}")
  @MethodSource("dev.weft.transformer.CoverageTest#fixturesByRelease")
  void fixtureFramesAgreeWithARecomputation(final String fixture, final int release) {
    Map<String, byte[]> input = new FixtureRunner(fixture).compile(release);
    ClassFileLocator jdk = release <= 17 ? ClassFileLocator.NONE : ClassFileLocator.forJdk(ExternalCompiler.jdk25());
    check(fixture + " --release " + release, input, Transforming.results(input, jdk), release <= 17 ? null : jdk);
  }

  @Test
  void generatedProgramFramesAgreeWithARecomputation() {
    for (long first = 1; first <= PROGRAMS; first += BATCH) {
      Map<String, String> sources = new LinkedHashMap<>();
      for (long seed = first; seed < first + BATCH && seed <= PROGRAMS; seed++) {
        sources.put("fixtures.Gen" + seed, RandomProgram.source("Gen" + seed, seed));
      }
      Map<String, byte[]> input = InMemoryCompiler.compile(sources, List.of("--release", "17", "-g"));
      check("generated programs from seed " + first, input, Transforming.results(input), null);
    }
  }

  /** The oracle has teeth: a declared type that does not accept what flows, and a padded max_stack, are reported. */
  @Test
  void aWrongFrameAndAPaddedMaxStackAreReported() {
    Map<String, byte[]> input = new FixtureRunner("Basics").compile(17);
    byte[] basics = Transforming.transformAll(input).get("fixtures/Basics");
    ClassNode node = new ClassNode();
    new ClassReader(basics).accept(node, ClassReader.EXPAND_FRAMES);
    MethodNode broken = node.methods.stream().filter(m -> m.name.equals("loops") && m.desc.contains("Coroutine"))
        .findFirst().orElseThrow();
    FrameNode frame = (FrameNode) Arrays.stream(broken.instructions.toArray())
        .filter(i -> i instanceof FrameNode f && f.local.contains("dev/weft/internal/Coroutine")).findFirst()
        .orElseThrow();
    frame.local.set(frame.local.indexOf("dev/weft/internal/Coroutine"), "java/lang/Thread");
    broken.maxStack += FrameOracle.MAX_SLACK + 1;
    ClassWriter writer = new ClassWriter(0);
    node.accept(writer);
    Map<String, byte[]> output = new HashMap<>(Transforming.transformAll(input));
    output.put("fixtures/Basics", writer.toByteArray());
    List<String> problems = FrameOracle.check(writer.toByteArray(), TypeFacts.loading(new ClassBytesLoader(output)),
        m -> true).problems();
    assertTrue(problems.stream().anyMatch(p -> p.contains("declared java/lang/Thread, Ldev/weft/internal/Coroutine;")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("max_stack")), problems.toString());
  }

  /**
   * Checks the transformed classes of one compilation.
   *
   * @param otherJdk the JDK whose class files the classes were compiled against, or null for this one (then the
   *     recomputation loads classes)
   */
  private static void check(final String label, final Map<String, byte[]> input,
      final Map<String, TransformResult> results, final ClassFileLocator otherJdk) {
    Map<String, byte[]> output = new HashMap<>();
    results.forEach((name, result) -> output.put(name, result.bytes()));
    TypeFacts facts = otherJdk == null ? TypeFacts.loading(new ClassBytesLoader(output))
        : TypeFacts.reading(new ClassHierarchy(ClassFileLocator.compound(output::get, otherJdk,
            ClassFileLocator.forClassLoader(FrameOracleTest.class.getClassLoader()))));
    int methods = 0;
    int frames = 0;
    int unreachable = 0;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, TransformResult> entry : results.entrySet()) {
      if (entry.getValue().status() == TransformResult.Status.TRANSFORMED) {
        FrameOracle.Report report = FrameOracle.check(entry.getValue().bytes(), facts,
            writtenBy(input.get(entry.getKey())));
        methods += report.methods();
        frames += report.frames();
        unreachable += report.unreachable();
        problems.addAll(report.problems());
      }
    }
    FrameOracle.Report total = new FrameOracle.Report(methods, frames, unreachable, problems);
    synchronized (TALLY) {
      TALLY.put(label, total);
    }
    System.out.printf("frame oracle, %s: %d written methods, %d frames compared, %d at unreachable offsets, %d"
        + " problems%n", label, methods, frames, unreachable, problems.size());
    assertEquals(List.of(), problems, label);
    assertTrue(frames > 0, label + ": no frame compared");
  }

  /** The methods of the output that the transformer wrote: new ones, and those whose code differs from the input's. */
  private static Predicate<MethodNode> writtenBy(final byte[] input) {
    Map<String, String> before = new HashMap<>();
    ClassNode original = new ClassNode();
    new ClassReader(input).accept(original, ClassReader.EXPAND_FRAMES);
    original.methods.forEach(m -> before.put(m.name + m.desc, code(m)));
    return method -> !code(method).equals(before.get(method.name + method.desc));
  }

  private static String code(final MethodNode method) {
    Textifier text = new Textifier();
    method.accept(new TraceMethodVisitor(text));
    StringWriter out = new StringWriter();
    text.print(new PrintWriter(out));
    return out.toString();
  }

  @AfterAll
  static void printTotals() {
    int methods = TALLY.values().stream().mapToInt(FrameOracle.Report::methods).sum();
    int frames = TALLY.values().stream().mapToInt(FrameOracle.Report::frames).sum();
    int unreachable = TALLY.values().stream().mapToInt(FrameOracle.Report::unreachable).sum();
    System.out.printf("frame oracle: %d compilations, %d written methods, %d frames compared, %d at unreachable"
        + " offsets%n", TALLY.size(), methods, frames, unreachable);
  }
}
