package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.diag.Diagnostic;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TEST-PLAN #1: the agent's transformer never touches code without {@code @Async}. Every class of the running
 * JDK's image and of JDK 25's goes through {@link TransformerAdapter#transform}: every answer is null (load as
 * is), nothing is reported, nothing throws. The count and the time are printed, not asserted.
 */
class JdkCorpusPassThroughTest {

  private static final AgentListener SILENT_OR_FAIL = new AgentListener() {
    @Override
    public void onRejected(final String className, final List<Diagnostic> diagnostics) {
      throw new AssertionError("rejected a JDK class: " + className + " " + diagnostics);
    }

    @Override
    public void onError(final String className, final Throwable cause) {
      throw new AssertionError("failed on a JDK class: " + className, cause);
    }
  };

  private static int passThrough(final FileSystem image) throws Exception {
    TransformerAdapter adapter = new TransformerAdapter(SILENT_OR_FAIL);
    AtomicInteger classes = new AtomicInteger();
    try (Stream<Path> files = Files.walk(image.getPath("/modules"))) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String relative = file.subpath(2, file.getNameCount()).toString();
        String name = relative.substring(0, relative.length() - ".class".length());
        assertNull(adapter.transform(null, name, null, null, Files.readAllBytes(file)), name);
        classes.incrementAndGet();
      }
    }
    return classes.get();
  }

  @Test
  void everyClassOfTheRunningJdkLoadsAsItIs() throws Exception {
    long start = System.nanoTime();
    int classes = passThrough(FileSystems.getFileSystem(URI.create("jrt:/")));
    System.out.printf("JDK %s: %d classes passed through in %.2f s%n", Runtime.version().feature(), classes,
        (System.nanoTime() - start) / 1e9);
    assertTrue(classes > 20_000, "classes: " + classes);
  }

  @Test
  void everyClassOfJdk25LoadsAsItIs() throws Exception {
    Path home = Path.of(System.getProperty("weft.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    assertTrue(Files.isRegularFile(home.resolve("lib/modules")), "JDK 25 not found at " + home
        + " (set -Dweft.jdk25)");
    long start = System.nanoTime();
    try (FileSystem image = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString()))) {
      int classes = passThrough(image);
      System.out.printf("JDK 25: %d classes passed through in %.2f s%n", classes, (System.nanoTime() - start) / 1e9);
      assertTrue(classes > 20_000, "classes: " + classes);
    }
  }
}
