package dev.weft.benchmarks;

import dev.weft.transformer.AsyncClassTransformer;
import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * transform: classes per second through the transformer library from a cold JVM, over a generated corpus of
 * classes with five {@code @Async} methods each; and the start-up cost of the agent on a hello-world.
 *
 * <p>{@link #main} is the cold-JVM driver: it reads every class file under a directory, then times
 * {@link AsyncClassTransformer#transform} over all of them and prints {@code RESULT classes_per_s}. The corpus is
 * made by {@link #corpus} (sources generated, compiled with {@code javax.tools}); {@link #hello} makes the
 * hello-world in two forms, untransformed (for the agent) and transformed ahead of time (the baseline).
 */
public final class TransformBenchmark {

  private TransformBenchmark() {
    throw new AssertionError();
  }

  /**
   * Cold driver: {@code args[0]} is the directory of class files; {@code args[1]}, the number of threads sharing
   * one transformer (default 1; the Maven plugin uses every core).
   */
  public static void main(final String[] args) throws Exception {
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long jvmStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    Path dir = Path.of(args[0]);
    List<byte[]> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
        classes.add(Files.readAllBytes(p));
      }
    }
    AsyncClassTransformer transformer = new AsyncClassTransformer(ClassFileLocator.compound(
        ClassFileLocator.forPaths(List.of(dir)),
        ClassFileLocator.forClassLoader(TransformBenchmark.class.getClassLoader())));
    ForkJoinPool pool = new ForkJoinPool(threads);
    long t0 = System.nanoTime();
    // Not count(): on a sized stream it may skip the work. transformOne throws unless the class was rewritten.
    long transformed = pool.submit(() -> (threads == 1 ? classes.stream() : classes.parallelStream())
        .mapToLong(c -> {
          transformOne(transformer, c);
          return 1;
        }).sum()).get();
    long t1 = System.nanoTime();
    pool.shutdown();
    double seconds = (t1 - t0) / 1e9;
    long sinceStart = jvmStart == 0 ? -1 : System.currentTimeMillis() - jvmStart;
    System.err.printf("  transform: %d classes in %.3f s on %d thread(s) (%.0f classes/s; %d ms since JVM start)%n",
        transformed, seconds, threads, transformed / seconds, sinceStart);
    Jvm.result("classes_per_s", transformed / seconds);
  }

  private static void transformOne(final AsyncClassTransformer transformer, final byte[] c) {
    try {
      TransformResult r = transformer.transform(c);
      if (r.status() != TransformResult.Status.TRANSFORMED) {
        throw new IllegalStateException(r.className() + ": " + r.status() + " " + r.diagnostics());
      }
    } catch (TransformException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Generates {@code count} classes with five {@code @Async} methods each (loops, try/catch, several awaits,
   * locals of every kind live across them) and compiles them into {@code out}.
   */
  static void corpus(final Path src, final Path out, final int count) throws IOException {
    List<Path> files = new ArrayList<>();
    Path pkg = Files.createDirectories(src.resolve("corpus"));
    for (int i = 0; i < count; i++) {
      String name = String.format("C%04d", i);
      StringBuilder s = new StringBuilder();
      s.append("package corpus;\n")
          .append("import dev.weft.Async;\nimport dev.weft.Task;\nimport static dev.weft.Weft.*;\n")
          .append("import java.util.ArrayList;\nimport java.util.List;\n")
          .append("public class ").append(name).append(" {\n");
      for (int m = 0; m < 5; m++) {
        s.append("  @Async\n  static Task<Integer> m").append(m).append("(Task<Integer> a, Task<String> b, int k) {\n")
            .append("    int sum = ").append(i + m).append(";\n")
            .append("    long wide = k * 31L;\n")
            .append("    double ratio = k / 7.0;\n")
            .append("    List<String> seen = new ArrayList<>();\n")
            .append("    for (int i = 0; i < k; i++) {\n")
            .append("      sum += await(a);\n")
            .append("      if ((i & 1) == 0) {\n")
            .append("        seen.add(await(b));\n")
            .append("      }\n")
            .append("    }\n")
            .append("    try {\n")
            .append("      String s = await(b);\n")
            .append("      sum += s.length() + (int) wide + (int) ratio;\n")
            .append("    } catch (RuntimeException e) {\n")
            .append("      sum = -1;\n")
            .append("    } finally {\n")
            .append("      seen.clear();\n")
            .append("    }\n")
            .append("    return done(sum + seen.size());\n")
            .append("  }\n");
      }
      s.append("}\n");
      Path file = pkg.resolve(name + ".java");
      Files.writeString(file, s, StandardCharsets.UTF_8);
      files.add(file);
    }
    compile(files, out);
  }

  /**
   * Writes the hello-world source and compiles it twice: {@code plain} keeps it untransformed (for the agent),
   * {@code transformed} holds it rewritten ahead of time (the baseline without the agent).
   */
  static void hello(final Path src, final Path plain, final Path transformed) throws Exception {
    Files.createDirectories(src);
    Path file = src.resolve("Hello.java");
    Files.writeString(file, String.join("\n",
        "import dev.weft.Async;",
        "import dev.weft.Task;",
        "import static dev.weft.Weft.*;",
        "public class Hello {",
        "  @Async",
        "  static Task<String> greet(String name) {",
        "    await(sleep(0));",
        "    return done(\"hello \" + name);",
        "  }",
        "  public static void main(String[] args) {",
        "    System.out.println(run(() -> greet(\"world\")));",
        "  }",
        "}", ""), StandardCharsets.UTF_8);
    compile(List.of(file), plain);
    compile(List.of(file), transformed);
    AsyncClassTransformer t = new AsyncClassTransformer(ClassFileLocator.compound(
        ClassFileLocator.forPaths(List.of(transformed)),
        ClassFileLocator.forClassLoader(TransformBenchmark.class.getClassLoader())));
    Path hello = transformed.resolve("Hello.class");
    TransformResult r = t.transform(Files.readAllBytes(hello));
    if (r.status() != TransformResult.Status.TRANSFORMED) {
      throw new IllegalStateException("Hello: " + r.status() + " " + r.diagnostics());
    }
    Files.write(hello, r.bytes());
  }

  private static void compile(final List<Path> files, final Path out) throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler (run the suite on a JDK, not a JRE)");
    }
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", Jvm.classPath(), "-g",
        "-proc:none", "--release", "17", "-nowarn"));
    for (Path f : files) {
      args.add(f.toString());
    }
    int status = javac.run(null, null, null, args.toArray(new String[0]));
    if (status != 0) {
      throw new IllegalStateException("javac failed on the generated corpus (status " + status + ")");
    }
  }

  /**
   * Times one run of {@code command} from process start to exit, in milliseconds, and checks its output.
   */
  static double timeRun(final List<String> command, final String expected) {
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = p.waitFor();
      long t1 = System.nanoTime();
      if (status != 0 || !out.contains(expected)) {
        throw new IllegalStateException("hello-world failed (" + status + "): " + out);
      }
      return (t1 - t0) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
