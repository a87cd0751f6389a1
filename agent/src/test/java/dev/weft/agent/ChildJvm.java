package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program in a fresh JVM and collects what it printed. */
final class ChildJvm {

  /** Generous: a child JVM that needs longer is hung. */
  private static final long TIMEOUT_SECONDS = 120;

  /** What a finished child left behind. */
  record Result(int exitCode, String stdout, String stderr) {
    /** @return the lines of standard error that the agent wrote */
    List<String> weftLines() {
      return stderr.lines().filter(l -> l.startsWith("[weft]")).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private ChildJvm() {
    throw new AssertionError("no instances");
  }

  /** The {@code java} launcher of the JDK running the tests. */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** The JDK 25 launcher the build names in {@code weft.jdk25}; fails loudly when it is missing. */
  static Path java25() {
    String home = System.getProperty("weft.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
    Path java = Path.of(home, "bin", "java");
    assertTrue(Files.isExecutable(java), "no JDK 25 at " + home + " (set -Dweft.jdk25)");
    return java;
  }

  /** The shaded agent jar the build made ({@code weft.agent.jar}). */
  static Path agentJar() {
    String jar = System.getProperty("weft.agent.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
        "weft.agent.jar does not name the packaged agent (" + jar + "); run through mvn verify");
    return Path.of(jar);
  }

  /**
   * The Weft runtime on the test class path: its jar, or its classes directory in a reactor build that stops
   * short of package.
   */
  static Path runtime() {
    for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(element);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (name.startsWith("weft-runtime-") && name.endsWith(".jar")
          || path.endsWith(Path.of("runtime", "target", "classes"))) {
        return path;
      }
    }
    throw new AssertionError("weft-runtime is not on the test class path: " + System.getProperty("java.class.path"));
  }

  static String classpath(final Path... elements) {
    return String.join(File.pathSeparator, Arrays.stream(elements).map(Path::toString).toList());
  }

  /**
   * @param java the launcher
   * @param work a directory for the output files
   * @param args everything after the launcher
   */
  static Result run(final Path java, final Path work, final String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "stdout", ".txt");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    process.getOutputStream().close(); // no input: a child that reads standard input sees its end
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("child JVM hung: " + command + "\n" + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
