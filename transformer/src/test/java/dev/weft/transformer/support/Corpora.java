package dev.weft.transformer.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Real-world class files for the corpus tests: java.base from the running JDK, and jars on the test class path. */
public final class Corpora {

  private Corpora() {
    throw new AssertionError();
  }

  /** Every class of java.base (module-info excepted). */
  public static List<byte[]> javaBase() throws IOException {
    List<byte[]> classes = new ArrayList<>();
    Path root = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.base");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        if (!file.getFileName().toString().equals("module-info.class")) {
          classes.add(Files.readAllBytes(file));
        }
      }
    }
    return classes;
  }

  /** Every class of the test class path's jar whose file name starts with {@code artifactPrefix}. */
  public static List<byte[]> jar(final String artifactPrefix) throws IOException {
    String jar = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith(artifactPrefix) && entry.endsWith(".jar")) {
        jar = entry;
      }
    }
    assertTrue(jar != null, artifactPrefix + " jar not on the test class path");
    List<byte[]> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar)) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().endsWith(".class") && !entry.getName().contains("module-info")
            && !entry.getName().startsWith("META-INF/")) {
          try (InputStream in = zip.getInputStream(entry)) {
            classes.add(in.readAllBytes());
          }
        }
      }
    }
    return classes;
  }
}
