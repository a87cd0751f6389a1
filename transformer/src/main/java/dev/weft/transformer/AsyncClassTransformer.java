package dev.weft.transformer;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;

/**
 * The transformer's entry point: class-file bytes in, a {@link TransformResult} out. Rewrites every
 * {@code @Async} method (and every javac lambda body that returns a task type and calls {@code await}) into a
 * resumable state machine; leaves every other class byte-identical.
 *
 * <p>Thread-safe: one instance may serve many threads (the agent's class loading, the plugin's workers).
 *
 * <pre>{@code
 * AsyncClassTransformer transformer = new AsyncClassTransformer(ClassFileLocator.forJdk());
 * TransformResult result = transformer.transform(Files.readAllBytes(file));
 * }</pre>
 */
public final class AsyncClassTransformer {

  private final ClassFileLocator classFiles;
  /** Shared by every class this instance transforms: the JDK's and the dependencies' classes are read once. */
  private final ClassHierarchy hierarchy;

  /**
   * @param classFiles where the classes that rewritten methods reference are found (to merge types); the
   *     JDK's own classes are always found in addition. Never null.
   */
  public AsyncClassTransformer(final ClassFileLocator classFiles) {
    this.classFiles = ClassFileLocator.compound(classFiles, ClassFileLocator.forJdk());
    this.hierarchy = new ClassHierarchy(this.classFiles);
  }

  /**
   * Cheap pre-filter: does the constant pool name {@code dev/weft/Async} or {@code dev/weft/Weft}'s
   * {@code await}? Classes for which this is false are never parsed further.
   *
   * @param classFile any bytes; never null
   */
  public static boolean isCandidate(final byte[] classFile) {
    return CandidateFilter.isCandidate(classFile);
  }

  /**
   * Transforms one class.
   *
   * @param classFile the class file's bytes; never null, not modified
   * @return the outcome; never null
   * @throws TransformException when the bytes are not a class file this transformer can read
   */
  public TransformResult transform(final byte[] classFile) throws TransformException {
    return new ClassRewrite(classFile, hierarchy).run();
  }
}
