package dev.weft.transformer;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.WeftStats;
import dev.weft.fixtures.Fx;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs one fixture three ways and compares: its synchronous twin (every {@code await(x)} replaced by
 * {@code Fx.now(x)}, so nothing can suspend) gives the expected result; the transformed fixture must give the same with
 * values already complete (no suspension) and with values completing later (every await suspends).
 */
final class FixtureRunner {

  /** What one run produced, and how many times it suspended. */
  record Outcome(String result, long suspensions) {}

  private final String name;
  private final String source;

  FixtureRunner(final String name) {
    this.name = name;
    this.source = read("/fixtures/" + name + ".java");
  }

  /** Compiles, transforms, verifies and runs the fixture; asserts the three results agree. */
  void check(final List<String> javacOptions) {
    Map<String, byte[]> compiled = InMemoryCompiler.compile(Map.of("fixtures." + name, source), javacOptions);
    Map<String, byte[]> transformed = Transforming.transformAll(compiled);
    Verification.verifyAll(transformed);
    // The twin has no awaits left; transforming it only gives its @Async methods their task semantics
    // (exceptions and null returns become failed tasks), with nothing to suspend.
    Map<String, byte[]> twin = Transforming.transformAll(InMemoryCompiler.compile(
        Map.of("fixtures." + name, source.replace("await(", "now(")), javacOptions));

    String expected = run(twin, Fx.Mode.IMMEDIATE).result();
    Outcome immediate = run(transformed, Fx.Mode.IMMEDIATE);
    Outcome delayed = run(transformed, Fx.Mode.DELAYED);
    org.junit.jupiter.api.Assertions.assertEquals(expected, immediate.result(), name + " with complete values");
    org.junit.jupiter.api.Assertions.assertEquals(0, immediate.suspensions(), name + " suspended on complete values");
    org.junit.jupiter.api.Assertions.assertEquals(expected, delayed.result(), name + " with suspending values");
    org.junit.jupiter.api.Assertions.assertTrue(delayed.suspensions() > 0, name + " never suspended");
  }

  /** Runs {@code fixtures.<name>.run()} on a fresh loop in {@code mode}; an exception becomes its description. */
  Outcome run(final Map<String, byte[]> classes, final Fx.Mode mode) {
    Fx.mode = mode;
    try {
      Method run = new ClassBytesLoader(classes).loadClass("fixtures." + name).getMethod("run");
      WeftStats.reset();
      String result;
      try {
        result = String.valueOf(Weft.run(() -> invoke(run)));
      } catch (RuntimeException | Error e) {
        result = "threw " + e;
      }
      return new Outcome(result, WeftStats.suspensions());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    } finally {
      Fx.mode = Fx.Mode.IMMEDIATE;
    }
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> invoke(final Method run) {
    try {
      return (Task<Object>) run.invoke(null);
    } catch (ReflectiveOperationException e) {
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
