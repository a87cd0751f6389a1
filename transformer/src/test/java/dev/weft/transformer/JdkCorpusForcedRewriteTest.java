package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.ExternalCompiler;
import dev.weft.transformer.support.ForcedCorpusRun;
import dev.weft.transformer.support.ForcedRewrite;
import dev.weft.transformer.support.HierarchyVerification;
import dev.weft.transformer.support.JdkImage;
import dev.weft.transformer.support.PatchedJdkLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * TEST-PLAN #2: the transformer's read-analyse-write path is sound. Every class of a JDK image is forced through it
 * ({@link ForcedRewrite}: read, analysed as an {@code @Async} method would be, written by the transformer's own class
 * writer with frames recomputed from class files), then (see {@link ForcedCorpusRun}):
 *
 * <ul>
 *   <li>ASM's verifier accepts it: {@link CheckClassAdapter#verify} for the running JDK, loading the types it compares
 *       from this JVM; {@link HierarchyVerification} (the same check, the hierarchy read from class files) for JDK
 *       25's image, and for the few running-JDK classes whose types this JVM cannot load;
 *   <li>the JVM loads and links it, {@code java.*} included, with its own verifier over our frames: a child JVM of
 *       that JDK boots with its modules patched with the outputs and links each one ({@link PatchedJdkLink}).
 * </ul>
 *
 * <p>Short form: every {@value #SHORT_STRIDE}th class of the running JDK's image and every {@value #SHORT_STRIDE_25}th
 * of JDK 25's; long form ({@code -Dweft.long=true}): every class of both. Counts and classes/s are printed.
 */
class JdkCorpusForcedRewriteTest {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  static final int SHORT_STRIDE = 10;
  static final int SHORT_STRIDE_25 = 40;

  @Test
  void everyClassOfTheRunningJdkSurvivesTheForcedRewrite() throws Exception {
    ClassFileLocator jdk = ClassFileLocator.forJdk();
    ClassHierarchy hierarchy = new ClassHierarchy(jdk);
    AtomicInteger fromClassFiles = new AtomicInteger();
    ForcedCorpusRun run = new ForcedCorpusRun("JDK " + Runtime.version().feature(), hierarchy,
        typeLoadingVerifier(jdk, hierarchy, fromClassFiles));
    try (JdkImage image = JdkImage.running()) {
      run.force(sample(image.classes(), LONG ? 1 : SHORT_STRIDE));
    }
    System.out.printf("JDK %d: %d classes verified over class files (their types cannot be loaded here)%n",
        Runtime.version().feature(), fromClassFiles.get());
    run.finish(PatchedJdkLink.link(Path.of(System.getProperty("java.home")), run.outputs()));
  }

  @Test
  void everyClassOfJdk25SurvivesTheForcedRewrite() throws Exception {
    Path home = ExternalCompiler.jdk25();
    ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.forJdk(home));
    ForcedCorpusRun run = new ForcedCorpusRun("JDK 25", hierarchy,
        classFile -> HierarchyVerification.verify(classFile, hierarchy));
    try (JdkImage image = JdkImage.of(home)) {
      run.force(sample(image.classes(), LONG ? 1 : SHORT_STRIDE_25));
    }
    run.finish(PatchedJdkLink.link(home, run.outputs()));
  }

  /** The harness has teeth: a class whose frames were stripped is rejected by the JVM on the patched image. */
  @Test
  void theLinkCheckRejectsAClassWithoutFrames() throws Exception {
    ClassReader reader = new ClassReader(ClassFileLocator.forJdk().locate("java/util/zip/Adler32"));
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    reader.accept(writer, ClassReader.SKIP_FRAMES);
    PatchedJdkLink.Report report = PatchedJdkLink.link(Path.of(System.getProperty("java.home")),
        Map.of("java.base", Map.of("java/util/zip/Adler32", writer.toByteArray())));
    assertEquals(0, report.linked());
    String error = report.failures().get("java/util/zip/Adler32");
    assertTrue(error != null && error.contains("VerifyError"), String.valueOf(report.failures()));
  }

  /** Every {@code stride}th entry, from the first: the same sample on every run. */
  private static List<JdkImage.Entry> sample(final List<JdkImage.Entry> all, final int stride) {
    List<JdkImage.Entry> sample = new ArrayList<>();
    for (int i = 0; i < all.size(); i += stride) {
      sample.add(all.get(i));
    }
    return sample;
  }

  /**
   * {@link CheckClassAdapter#verify}, loading the types it compares from this JVM (parent first, so a JDK class and the
   * JDK classes it names stay one family); a class of a module this JVM did not resolve (incubator, Graal, the
   * serviceability agent) is defined from the image's class file. When that fails too (such a class extends a class
   * of a package java.base does not export to it), the class is verified by {@link HierarchyVerification}, counted.
   */
  private static ForcedCorpusRun.Verifier typeLoadingVerifier(final ClassFileLocator jdk,
      final ClassHierarchy hierarchy, final AtomicInteger fromClassFiles) {
    ClassLoader types = new ClassBytesLoader(name -> name.startsWith("java/")
        || ClassLoader.getSystemResource(name + ".class") != null ? null : locate(jdk, name));
    return classFile -> {
      StringWriter report = new StringWriter();
      try {
        CheckClassAdapter.verify(new ClassReader(classFile), types, false, new PrintWriter(report));
        return report.toString();
      } catch (LinkageError unloadable) {
        fromClassFiles.incrementAndGet();
        return HierarchyVerification.verify(classFile, hierarchy);
      } catch (RuntimeException broken) {
        return broken.toString();
      }
    };
  }

  private static byte[] locate(final ClassFileLocator locator, final String name) {
    try {
      return locator.locate(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
