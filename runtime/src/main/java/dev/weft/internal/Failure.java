package dev.weft.internal;

import dev.weft.CancelledException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The outcome of a task that failed or was cancelled: the original exception, kept as is (identity matters: an
 * awaiter rethrows this very object), and whether anyone looked at it, so that a failure nobody retrieved can be
 * reported, exactly once, when its task is garbage-collected or its loop closes ({@link Unretrieved}).
 *
 * <p>Copies: a task that takes another's outcome as its own (a spawned task following its coroutine, a gather's
 * first failure, a scope following its body) gets a record of its own for the same exception ({@link #carriedOn()}).
 * The records of one exception form a family that shares one {@link #observed} flag, that of its first record: the
 * exception is retrieved once any record is, wherever that happens, and is reported at most once for the whole
 * family. A record that was carried on to another task reports nothing itself; the copy answers for it (so a
 * collected source cannot report what a live copy's awaiter will still retrieve).
 *
 * <p>Threads: immutable except {@link #observed} (on the family's first record), a flag written by any reader and
 * claimed by CAS by the one reporter that wins ({@link #claim()}); {@link #carried}; and {@link #taskName}, written
 * once before the failure is tracked.
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

  /**
   * On the family's first record only: set once an awaiter, {@code result()}, {@code join()}, a callback, a
   * combinator or a reporter took the failure (through any record of the family: {@link #observe()}).
   */
  private volatile boolean observed;

  /** The family's first record (this one, for an original). */
  private final Failure family;

  /** This record's outcome was carried on to another task: that task's record answers for it. */
  volatile boolean carried;

  /**
   * The name of the task that failed, captured when the failure was tracked (the report of a collected task cannot
   * ask the task); null for an untracked failure.
   */
  String taskName;

  Failure(final Throwable error) {
    this(error, null);
  }

  private Failure(final Throwable error, final Failure source) {
    this.error = error;
    this.cancelled = error instanceof CancelledException;
    this.family = source == null ? this : source.family;
  }

  /**
   * A record of the same failure for a task that takes this one's outcome as its own; this record is marked
   * {@link #carried} (undo that if the copy is not used).
   *
   * @return the copy, in this record's family
   */
  Failure carriedOn() {
    carried = true;
    return new Failure(error, this);
  }

  /** The failure was taken (by an awaiter, a callback, a combinator): the whole family counts as retrieved. */
  void observe() {
    family.observed = true;
  }

  /** @return true when this record needs no report: its family was retrieved or reported, or it was carried on */
  boolean accountedFor() {
    return carried || family.observed;
  }

  /**
   * Marks the failure observed on behalf of a reporter.
   *
   * @return true for the one caller that found it unobserved (and not carried on): that caller reports it
   */
  boolean claim() {
    Failure f = family;
    return !carried && !f.observed && OBSERVED.compareAndSet(f, false, true);
  }
}
