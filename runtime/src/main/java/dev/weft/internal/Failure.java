package dev.weft.internal;

import dev.weft.CancelledException;

/**
 * The outcome of a task that failed or was cancelled: the original exception, kept as is (identity matters: an
 * awaiter rethrows this very object), and whether anyone looked at it, so that a failure nobody retrieved can be
 * reported when its loop closes.
 *
 * <p>Threads: immutable except {@link #observed}, a benign flag written by any reader.
 */
final class Failure {

  /** The exception; never null. A {@link CancelledException} when {@link #cancelled}. */
  final Throwable error;

  /** Whether this outcome means "cancelled" (and not "failed"). */
  final boolean cancelled;

  /** Set once an awaiter, {@code result()}, {@code join()}, a callback or a bridge retrieved the failure. */
  volatile boolean observed;

  Failure(final Throwable error) {
    this.error = error;
    this.cancelled = error instanceof CancelledException;
  }
}
