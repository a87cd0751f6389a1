package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.analysis.LiveLocals;
import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;
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
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The transformer over real-world class files: java.base, Guava and jackson-databind. Every class without
 * {@code @Async} comes back byte-identical (the very same array), and every method of Guava and Jackson goes
 * through the analysis a rewrite would run (types from class files, liveness) without an error. Throughput is
 * printed, not asserted.
 */
class CorpusTest {

  private static List<byte[]> javaBase() throws IOException {
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

  private static List<byte[]> jar(final String artifactPrefix) throws IOException {
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

  @Test
  void everyClassWithoutAsyncComesBackUntouched() throws Exception {
    AsyncClassTransformer transformer =
        new AsyncClassTransformer(ClassFileLocator.forClassLoader(getClass().getClassLoader()));
    List<byte[]> corpus = new ArrayList<>(javaBase());
    int jdk = corpus.size();
    corpus.addAll(jar("guava-"));
    corpus.addAll(jar("jackson-databind-"));
    long start = System.nanoTime();
    for (byte[] classFile : corpus) {
      TransformResult result = transformer.transform(classFile);
      assertEquals(TransformResult.Status.UNCHANGED, result.status());
      assertSame(classFile, result.bytes());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(jdk > 5_000, "java.base classes: " + jdk);
    System.out.printf("corpus: %d classes (java.base %d) through the transformer in %.2f s: %.0f classes/s%n",
        corpus.size(), jdk, seconds, corpus.size() / seconds);
  }

  @Test
  void everyMethodOfGuavaAndJacksonSurvivesTheAnalysis() throws Exception {
    ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.compound(
        ClassFileLocator.forClassLoader(getClass().getClassLoader()), ClassFileLocator.forJdk()));
    List<byte[]> corpus = new ArrayList<>(jar("guava-"));
    corpus.addAll(jar("jackson-databind-"));
    long start = System.nanoTime();
    int methods = 0;
    for (byte[] classFile : corpus) {
      ClassNode owner = new ClassNode();
      new ClassReader(classFile).accept(owner, 0);
      for (MethodNode method : owner.methods) {
        if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
          continue;
        }
        MethodFlow flow = MethodFlow.analyze(owner, method, hierarchy);
        LiveLocals.compute(method.instructions, flow);
        methods++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(methods > 20_000, "methods analysed: " + methods);
    System.out.printf("analysis: %d methods of %d classes in %.2f s: %.0f classes/s%n", methods, corpus.size(),
        seconds, corpus.size() / seconds);
  }
}
