package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.analysis.LiveLocals;
import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.support.Corpora;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void everyClassWithoutAsyncComesBackUntouched() throws Exception {
    AsyncClassTransformer transformer =
        new AsyncClassTransformer(ClassFileLocator.forClassLoader(getClass().getClassLoader()));
    List<byte[]> corpus = new ArrayList<>(Corpora.javaBase());
    int jdk = corpus.size();
    corpus.addAll(Corpora.jar("guava-"));
    corpus.addAll(Corpora.jar("jackson-databind-"));
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
    List<byte[]> corpus = new ArrayList<>(Corpora.jar("guava-"));
    corpus.addAll(Corpora.jar("jackson-databind-"));
    long start = System.nanoTime();
    int methods = 0;
    for (byte[] classFile : corpus) {
      ClassNode owner = new ClassNode();
      new ClassReader(classFile).accept(owner, ClassReader.EXPAND_FRAMES); // as the transformer reads
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
