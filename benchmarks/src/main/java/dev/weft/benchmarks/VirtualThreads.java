package dev.weft.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code Thread.startVirtualThread} through a method handle: the module compiles for Java 17, and the
 * virtual-thread contenders run in a JDK 25 child JVM.
 *
 * <p>Thread rule: any thread. On a JDK without virtual threads, {@link #start} throws
 * {@link UnsupportedOperationException}.
 */
final class VirtualThreads {

  private static final MethodHandle START;

  static {
    MethodHandle h;
    try {
      h = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
          MethodType.methodType(Thread.class, Runnable.class));
    } catch (ReflectiveOperationException e) {
      h = null;
    }
    START = h;
  }

  private VirtualThreads() {
    throw new AssertionError();
  }

  /** Starts {@code body} in a new virtual thread. */
  static Thread start(final Runnable body) {
    if (START == null) {
      throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version());
    }
    try {
      return (Thread) START.invokeExact(body);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Joins, turning an interrupt into an unchecked failure (benchmarks do not interrupt). */
  static void join(final Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
