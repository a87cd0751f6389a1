package dev.weft.transformer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles test sources at test time, so fixtures are real javac output for the running JDK. */
final class Javac {

  private Javac() {
    throw new AssertionError("no instances");
  }

  /**
   * Compiles sources (by package-relative path, e.g. {@code shop/Cart.java}) into {@code classes}, against the
   * test class path (which holds the Weft runtime). The sources are written under {@code classes/../src}.
   *
   * @return {@code classes}
   */
  static Path compile(final Path classes, final Map<String, String> sources) throws Exception {
    Path src = classes.resolveSibling("src");
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-g",
        "-classpath", System.getProperty("java.class.path")));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = javac.run(null, log, log, args.toArray(new String[0]));
    assertTrue(status == 0, () -> "javac failed for " + sources.keySet() + ":\n" + log);
    return classes;
  }
}
