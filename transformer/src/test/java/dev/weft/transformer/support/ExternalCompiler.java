package dev.weft.transformer.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Compiles sources with another JDK's {@code javac} (for {@code --release 21} and newer fixtures). */
public final class ExternalCompiler {

  private ExternalCompiler() {}

  /** The JDK 25 home from {@code -Dweft.jdk25}; fails loudly (never skips) when it is missing. */
  public static Path jdk25() {
    Path home = Path.of(System.getProperty("weft.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    if (!Files.isExecutable(home.resolve("bin/javac"))) {
      throw new AssertionError("JDK 25 not found at " + home + " (set -Dweft.jdk25=<path to a JDK 25 home>)");
    }
    return home;
  }

  /**
   * @param jdkHome the JDK whose javac runs
   * @param sources source text by binary class name
   * @param options javac options
   * @return class files by internal name
   */
  public static Map<String, byte[]> compile(final Path jdkHome, final Map<String, String> sources,
      final List<String> options) {
    try {
      Path work = Files.createTempDirectory("weft-javac");
      Path src = work.resolve("src");
      Path out = work.resolve("out");
      Files.createDirectories(out);
      List<String> command = new ArrayList<>(List.of(jdkHome.resolve("bin/javac").toString()));
      command.addAll(options);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-d", out.toString()));
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        command.add(file.toString());
      }
      Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!javac.waitFor(120, TimeUnit.SECONDS) || javac.exitValue() != 0) {
        throw new AssertionError("javac failed: " + command + "\n" + output);
      }
      Map<String, byte[]> classes = new TreeMap<>();
      try (Stream<Path> files = Files.walk(out)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          String name = out.relativize(file).toString().replace('\\', '/');
          classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
        }
      }
      return classes;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Writes class files under {@code dir} by internal name. */
  public static void write(final Map<String, byte[]> classes, final Path dir) throws IOException {
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      Path file = dir.resolve(entry.getKey() + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue());
    }
  }
}
