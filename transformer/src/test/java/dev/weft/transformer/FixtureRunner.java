package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fixtures.Fx;
import dev.weft.transformer.FixtureExecution.Outcome;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.ExternalCompiler;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one fixture three ways and compares: its synchronous twin (every {@code await(x)} replaced by
 * {@code Fx.now(x)}, so nothing can suspend) gives the expected result; the transformed fixture must give the same
 * with values already complete (no suspension) and with values completing later (every await suspends).
 *
 * <p>Fixtures for {@code --release 21} and newer are compiled by JDK 25's javac, rewritten here with JDK 25's
 * class hierarchy, then verified and run in a JDK 25 child JVM.
 */
final class FixtureRunner {

  private static final Map<String, Map<String, byte[]>> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  private final String name;
  private final String source;

  FixtureRunner(final String name) {
    this.name = name;
    this.source = read("/fixtures/" + name + ".java");
  }

  /** The lowest {@code --release} the fixture compiles with, from its {@code // release: N} line (default 8). */
  int minimumRelease() {
    int at = source.indexOf("// release: ");
    return at < 0 ? 8 : Integer.parseInt(source.substring(at + 12, source.indexOf('\n', at)).trim());
  }

  /**
   * The fixture compiled with {@code --release release} (JDK 25's javac from 21 on), class files by internal name;
   * compiled once per test JVM (this and {@link FrameOracleTest} share it; JDK 25's javac runs as a process).
   */
  Map<String, byte[]> compile(final int release) {
    return COMPILED.computeIfAbsent(name + " " + release, key -> java.util.Collections.unmodifiableMap(
        compile(source, options(release), release <= 17 ? null : ExternalCompiler.jdk25())));
  }

  private static List<String> options(final int release) {
    return List.of("--release", String.valueOf(release), "-g", "-Xlint:-options");
  }

  /** Compiles with {@code --release release}, transforms, verifies, runs and compares. */
  void check(final int release) {
    List<String> options = options(release);
    String twinSource = source.replace("await(", "now(");
    if (release <= 17) {
      Map<String, byte[]> transformed = Transforming.transformAll(compile(release));
      Verification.verifyAll(transformed);
      // The twin has no awaits left; transforming it only gives its @Async methods their task semantics
      // (exceptions and null returns become failed tasks), with nothing to suspend.
      Map<String, byte[]> twin = Transforming.transformAll(compile(twinSource, options, null));
      compare(FixtureExecution.run(new ClassBytesLoader(twin), name, Fx.Mode.IMMEDIATE),
          FixtureExecution.run(new ClassBytesLoader(transformed), name, Fx.Mode.IMMEDIATE),
          FixtureExecution.run(new ClassBytesLoader(transformed), name, Fx.Mode.DELAYED));
    } else {
      Path jdk = ExternalCompiler.jdk25();
      ClassFileLocator jdkClasses = ClassFileLocator.forJdk(jdk);
      Map<String, byte[]> transformed = Transforming.transformAll(compile(release), jdkClasses);
      Map<String, byte[]> twin = Transforming.transformAll(compile(twinSource, options, jdk), jdkClasses);
      runInChild(jdk, transformed, twin);
    }
  }

  private Map<String, byte[]> compile(final String text, final List<String> options, final Path jdk) {
    Map<String, String> sources = Map.of("fixtures." + name, text);
    return jdk == null ? InMemoryCompiler.compile(sources, options) : ExternalCompiler.compile(jdk, sources, options);
  }

  private void compare(final Outcome twin, final Outcome immediate, final Outcome delayed) {
    assertEquals(twin.result(), immediate.result(), name + " with complete values");
    assertEquals(0, immediate.suspensions(), name + " suspended on complete values");
    assertEquals(twin.result(), delayed.result(), name + " with suspending values");
    assertTrue(delayed.suspensions() > 0, name + " never suspended");
  }

  private void runInChild(final Path jdk, final Map<String, byte[]> transformed, final Map<String, byte[]> twin) {
    try {
      Path work = Files.createTempDirectory("weft-fixture");
      ExternalCompiler.write(transformed, work.resolve("transformed"));
      ExternalCompiler.write(twin, work.resolve("twin"));
      List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-cp",
          System.getProperty("java.class.path"), FixtureExecution.class.getName(), name,
          work.resolve("transformed").toString(), work.resolve("twin").toString()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM hung");
      assertEquals(0, child.exitValue(), () -> "child JVM failed:\n" + output);
      Map<String, Outcome> outcomes = new java.util.HashMap<>();
      for (String line : output.split("\n")) {
        String[] parts = line.split(" ", 3);
        if (parts.length == 3 && List.of("twin", "immediate", "delayed").contains(parts[0])) {
          outcomes.put(parts[0], new Outcome(parts[2], Long.parseLong(parts[1])));
        }
      }
      assertEquals(3, outcomes.size(), () -> "unexpected child output:\n" + output);
      compare(outcomes.get("twin"), outcomes.get("immediate"), outcomes.get("delayed"));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String read(final String resource) {
    try (InputStream in = FixtureRunner.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("missing " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
