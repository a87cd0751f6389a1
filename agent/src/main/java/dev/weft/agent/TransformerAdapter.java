package dev.weft.agent;

import dev.weft.transformer.AsyncClassTransformer;
import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's {@link ClassFileTransformer}: runs {@link AsyncClassTransformer} on each class as it is defined.
 *
 * <p>What it returns, per class:
 *
 * <ul>
 *   <li>a class of the JDK's own packages ({@code java/}, {@code jdk/}, {@code sun/}, {@code com/sun/}), of the
 *       agent's ({@code dev/weft/agent/}, the relocated transformer among them), or the runtime's {@code dev/weft/Weft}:
 *       {@code null} at once, by name;
 *   <li>not a candidate (the constant pool names neither {@code @Async} nor {@code Weft.await}): {@code null}
 *       at once, after one scan of the constant pool; this is almost every application class;
 *   <li>transformed: the new bytes, and the count in {@value #TRANSFORMED_PROPERTY} goes up by one;
 *   <li>nothing to do: {@code null};
 *   <li>rejected: {@code null} (the class loads as compiled), one log record in javac's form, and the system
 *       property {@code dev.weft.rejected.<class>} set to the first diagnostic, so that the runtime's
 *       {@code await} can say why the method was not transformed;
 *   <li>any {@link Throwable} of the transformer's ({@link TransformException} for unreadable bytes, but also
 *       {@link StackOverflowError}, {@link OutOfMemoryError}, {@link LinkageError}, a bug): {@code null}, one log
 *       line {@code [weft] <class>: <cause>; left untransformed}, and the same property. It never throws: an
 *       exception escaping a transformer is ignored by the JVM anyway, but an error would surface in whatever
 *       application code triggered the class load.
 * </ul>
 *
 * <p>It never loads classes: the class hierarchy comes from class-file bytes, read through the defining
 * loader's resources ({@link ClassFileLocator#forClassLoader}), the class being defined itself, and the JDK's
 * image. Classes the JVM loads while the transformer runs (the transformer's own classes on first use, JDK
 * classes behind resource lookups) reach this transformer again on the same thread; a thread-local flag passes
 * them through untouched, which also rules out {@link ClassCircularityError} from the transformer needing a
 * class that is being loaded under it.
 *
 * <p>Thread-safe: classes load on many threads at once, and each call is independent.
 */
final class TransformerAdapter implements ClassFileTransformer {

  /** Prefix of the system properties that carry rejection reasons to the runtime. */
  static final String REJECTED_PROPERTY_PREFIX = "dev.weft.rejected.";

  /**
   * The system property holding how many classes this JVM's agent has rewritten so far (decimal), absent until the
   * first. Read by tests and diagnostics (e.g. "was each class rewritten exactly once?"); the JVM offers each
   * class definition to the transformer once, so the count rises by one per rewritten class definition.
   */
  static final String TRANSFORMED_PROPERTY = "dev.weft.agent.transformed";

  /** Rewritten class definitions, across every adapter in this JVM (there is one: see AgentInstaller). */
  private static final AtomicLong TRANSFORMED_COUNT = new AtomicLong();
  /** The value last written to {@link #TRANSFORMED_PROPERTY}; guarded by {@link #TRANSFORMED_COUNT}. */
  private static long published;

  /** One class's transformation; a seam for tests, which inject failures. */
  @FunctionalInterface
  interface Rewriter {
    /**
     * @param loader the defining loader, or null for the bootstrap loader
     * @param className the internal name, or null when the JVM gives none
     * @param bytes the class file; never null
     */
    TransformResult rewrite(ClassLoader loader, String className, byte[] bytes) throws TransformException;
  }

  /**
   * The real transformation, with the hierarchy read from the defining loader's class files. Classes rather than
   * lambdas, here and in {@link OwnBytes}: each lambda would spin a class of its own at start-up.
   */
  static final Rewriter ASYNC_CLASS_TRANSFORMER = new Rewriter() {
    @Override
    public TransformResult rewrite(final ClassLoader loader, final String className, final byte[] bytes)
        throws TransformException {
      ClassFileLocator classFiles =
          ClassFileLocator.compound(new OwnBytes(className, bytes), ClassFileLocator.forClassLoader(loader));
      return new AsyncClassTransformer(classFiles).transform(bytes);
    }
  };

  /** The class being defined, which its loader cannot yet serve as a resource. */
  private static final class OwnBytes implements ClassFileLocator {
    private final String className;
    private final byte[] bytes;

    OwnBytes(final String className, final byte[] bytes) {
      this.className = className;
      this.bytes = bytes;
    }

    @Override
    public byte[] locate(final String internalName) {
      return internalName.equals(className) ? bytes : null;
    }
  }

  /** Set while this thread transforms: classes loaded meanwhile are the transformer's own business. */
  private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

  private final Rewriter rewriter;
  private final AgentListener listener;

  /** @param listener where rejections and errors go; never null */
  TransformerAdapter(final AgentListener listener) {
    this(ASYNC_CLASS_TRANSFORMER, listener);
  }

  TransformerAdapter(final Rewriter rewriter, final AgentListener listener) {
    this.rewriter = rewriter;
    this.listener = listener;
    // Load the pre-filter now: met for the first time inside transform(), it would be loaded under the
    // transformer itself, before the re-entrancy flag is up.
    AsyncClassTransformer.isCandidate(new byte[0]);
  }

  @Override
  public byte[] transform(final ClassLoader loader, final String className, final Class<?> classBeingRedefined,
      final ProtectionDomain protectionDomain, final byte[] classfileBuffer) {
    if (classfileBuffer == null || isSkippedByName(className) || BUSY.get() != null
        || !AsyncClassTransformer.isCandidate(classfileBuffer)) {
      return null;
    }
    BUSY.set(Boolean.TRUE);
    try {
      TransformResult result = rewriter.rewrite(loader, className, classfileBuffer);
      switch (result.status()) {
        case TRANSFORMED:
          countTransformed();
          return result.bytes();
        case REJECTED:
          rejected(nameOf(className, result), result.diagnostics());
          return null;
        default:
          return null;
      }
    } catch (Throwable failure) {
      failed(nameOf(className, null), failure);
      return null;
    } finally {
      BUSY.remove();
    }
  }

  /**
   * Classes never offered to the transformer, told by name before any scan. The JDK's: a hello-world loads some 250
   * JDK classes after the agent starts, about 1 MB of constant pools that the scan would read in a JVM still
   * interpreting (~10 ms), and none can hold Weft code. The agent's own: some of the transformer's classes name
   * {@code dev/weft/Async} and {@code await} as constants, and the transformer must never be fed its own classes
   * (loaded on another thread than the one transforming, the re-entrancy flag would not stop that). And the
   * runtime's {@code Weft}, the one runtime class the pre-filter lets through (it names itself and its own
   * {@code await}): it has no {@code @Async} method, and the transformer would parse all of it (a few ms, cold) in
   * every Weft program to find that out.
   */
  static boolean isSkippedByName(final String className) {
    return className != null && (className.startsWith("java/") || className.startsWith("jdk/")
        || className.startsWith("sun/") || className.startsWith("com/sun/") || className.startsWith("dev/weft/agent/")
        || className.equals("dev/weft/Weft"));
  }

  /**
   * Counts one rewritten class and publishes the count. Concurrent loads may finish out of order; the lock keeps
   * the property from ever going down. It guards a counter only (no class loading, no other lock inside).
   */
  private static void countTransformed() {
    long n = TRANSFORMED_COUNT.incrementAndGet();
    try {
      synchronized (TRANSFORMED_COUNT) {
        if (n > published) {
          published = n;
          System.setProperty(TRANSFORMED_PROPERTY, Long.toString(n));
        }
      }
    } catch (Throwable ignored) {
      // A diagnostic: never a reason to lose the rewritten bytes.
    }
  }

  private void rejected(final String name, final List<Diagnostic> diagnostics) {
    try {
      if (!diagnostics.isEmpty()) {
        System.setProperty(REJECTED_PROPERTY_PREFIX + name, diagnostics.get(0).format());
      }
      listener.onRejected(name, diagnostics);
    } catch (Throwable ignored) {
      // Reporting must not turn a class that loads untransformed into one that fails to load.
    }
  }

  private void failed(final String name, final Throwable failure) {
    try {
      System.setProperty(REJECTED_PROPERTY_PREFIX + name,
          name + ": " + AgentListener.StreamWriting.describe(failure) + "; left untransformed");
      listener.onError(name, failure);
    } catch (Throwable ignored) {
      // As above; and after a StackOverflowError or OutOfMemoryError, reporting itself may fail.
    }
  }

  /** The dotted class name, from the JVM if it gave one, else from the class file, else a placeholder. */
  private static String nameOf(final String className, final TransformResult result) {
    String internal = className != null ? className : result != null ? result.className() : null;
    return internal == null ? "<unnamed class>" : internal.replace('/', '.');
  }
}
