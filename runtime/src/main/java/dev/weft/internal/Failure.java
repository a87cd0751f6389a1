package dev.weft.internal;

import dev.weft.CancelledException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The outcome of a task that failed or was cancelled: the original exception, kept as is (identity matters: an
 * awaiter rethrows this very object), and whether anyone looked at it, so that a failure nobody retrieved can be
 * reported, exactly once, when its task is garbage-collected or its loop closes ({@link Unretrieved}).
 *
 * <p>Threads: immutable except {@link #observed}, a flag written by any reader and claimed by CAS by the one
 * reporter that wins ({@link #claim()}), and {@link #taskName}, written once before the failure is tracked.
 */
final class Failure {

  private static final VarHandle OBSERVED;

  static {
    try {
      OBSERVED = MethodHandles.lookup().findVarHandle(Failure.class, "observed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The exception; never null. A {@link CancelledException} when {@link #cancelled}. */
  final Throwable error;

  /** Whether this outcome means "cancelled" (and not "failed"). */
  final boolean cancelled;

  /** Set once an awaiter, {@code result()}, {@code join()}, a callback, a bridge or a reporter took the failure. */
  volatile boolean observed;

  /**
   * The name of the task that failed, captured when the failure was tracked (the report of a collected task cannot
   * ask the task); null for an untracked failure.
   */
  String taskName;

  Failure(final Throwable error) {
    this.error = error;
    this.cancelled = error instanceof CancelledException;
  }

  /**
   * Marks the failure observed on behalf of a reporter.
   *
   * @return true for the one caller that found it unobserved: that caller reports it
   */
  boolean claim() {
    return !observed && OBSERVED.compareAndSet(this, false, true);
  }
}
