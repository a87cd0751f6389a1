package dev.weft.transformer;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.WeftStats;
import dev.weft.fixtures.Fx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Runs a fixture's {@code run()} on a fresh loop, in this JVM or (as {@link #main}) in a child JVM of another JDK
 * for fixtures compiled for Java 21 and newer.
 */
public final class FixtureExecution {

  /** What one run produced, and how many times it suspended. */
  public record Outcome(String result, long suspensions) {}

  private FixtureExecution() {}

  /** Runs {@code fixtures.<name>.run()} loaded by {@code loader}; an exception becomes its description. */
  public static Outcome run(final ClassLoader loader, final String name, final Fx.Mode mode) {
    Fx.mode = mode;
    try {
      Method run = loader.loadClass("fixtures." + name).getMethod("run");
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

  /**
   * Child-JVM entry: {@code <fixture> <transformed dir> <twin dir>}. Verifies every transformed class with ASM's
   * verifier, then prints one line per run: {@code twin|immediate|delayed <suspensions> <result>}.
   */
  public static void main(final String[] args) throws Exception {
    String name = args[0];
    Path transformed = Path.of(args[1]);
    Path twin = Path.of(args[2]);
    try (URLClassLoader fixture = loader(transformed); URLClassLoader reference = loader(twin)) {
      verify(transformed, fixture);
      print("twin", run(reference, name, Fx.Mode.IMMEDIATE));
      print("immediate", run(fixture, name, Fx.Mode.IMMEDIATE));
      try (URLClassLoader fresh = loader(transformed)) {
        print("delayed", run(fresh, name, Fx.Mode.DELAYED));
      }
    }
  }

  private static void print(final String label, final Outcome outcome) {
    System.out.println(label + " " + outcome.suspensions() + " " + outcome.result().replace('\n', ' '));
  }

  private static URLClassLoader loader(final Path dir) throws Exception {
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, FixtureExecution.class.getClassLoader());
  }

  private static void verify(final Path dir, final ClassLoader loader) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(Files.readAllBytes(file)), loader, false,
            new PrintWriter(report));
        if (!report.toString().isEmpty()) {
          System.out.println("verify " + file + ": " + report.toString().replace('\n', ' '));
          System.exit(3);
        }
      }
    }
  }
}
