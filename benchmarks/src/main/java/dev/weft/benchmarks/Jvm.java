package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Child JVMs: the whole-program workloads run in a fresh JVM each (clean heap, clean resident memory, the
 * process's own CPU accounting), on the suite's JDK or on JDK 25 for the virtual-thread contenders.
 *
 * <p>Protocol: a child prints {@code RESULT name value} lines on stdout (read here) and progress lines on stderr
 * (passed through). Thread rule: any thread. Nulls: none accepted or returned, except {@link #jdk25()}.
 */
final class Jvm {

  private Jvm() {
    throw new AssertionError();
  }

  /** The launcher of the JDK running the suite. */
  static String current() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The JDK 25 launcher for the virtual-thread contenders: {@code -Dweft.jdk25}, else {@code WEFT_JDK25}, else the
   * parent POM's default path when it exists.
   *
   * @return the launcher, or null when none is installed (the contender is then marked absent)
   */
  static String jdk25() {
    String home = System.getProperty("weft.jdk25");
    if (home == null || home.isBlank()) {
      home = System.getenv("WEFT_JDK25");
    }
    if (home == null || home.isBlank()) {
      home = "/usr/lib/jvm/temurin-25-jdk-amd64";
    }
    Path java = Paths.get(home, "bin", "java");
    return Files.isExecutable(java) ? java.toString() : null;
  }

  /** The first line of {@code java -version} of a launcher (for the machine section). */
  static String version(final String java) {
    try {
      Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
      String first;
      try (BufferedReader r = reader(p)) {
        first = r.readLine();
        while (r.readLine() != null) {
          // drain
        }
      }
      p.waitFor();
      return first == null ? "?" : first.trim();
    } catch (IOException e) {
      return "? (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  /** The class path children run with: the suite's own (the shaded jar, or Surefire's directories). */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** A command line {@code java <jvmArgs> -cp <suite> <main> <args>}. */
  static List<String> command(final String java, final List<String> jvmArgs, final Class<?> main,
      final String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs a child to its end and collects its {@code RESULT} lines, in order, per name.
   *
   * @throws IllegalStateException when the child exits with a non-zero status
   */
  static Map<String, List<Double>> run(final List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      p.getOutputStream().close();
      Map<String, List<Double>> results = new TreeMap<>();
      try (BufferedReader r = reader(p)) {
        for (String line; (line = r.readLine()) != null; ) {
          parseResult(line, results);
        }
      }
      int status = p.waitFor();
      if (status != 0) {
        throw new IllegalStateException("child JVM exited with " + status + ": " + String.join(" ", command));
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Adds a {@code RESULT name value} line to {@code into}; other lines are echoed as progress. */
  static void parseResult(final String line, final Map<String, List<Double>> into) {
    if (line.startsWith("RESULT ")) {
      String[] parts = line.split(" ");
      into.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Double.parseDouble(parts[2]));
    } else {
      System.err.println("    " + line);
    }
  }

  static BufferedReader reader(final Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Prints a result line for the parent (child side). */
  static void result(final String name, final double value) {
    System.out.println("RESULT " + name + " " + value);
    System.out.flush();
  }
}
