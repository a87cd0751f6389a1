package dev.weft.internal;

import dev.weft.Task;

/**
 * A task born complete: {@code done(x)}, {@code done()}, and the failed task of an {@code @Async} call that threw
 * before suspending. No loop, no CAS, no thread-local lookup on creation.
 *
 * <p>Threads: immutable once published; any thread.
 *
 * @param <T> the value type
 */
public final class DoneTask<T> extends TaskCore<T> {

  /** The shared {@code done()}: a succeeded {@code Task<Void>}. */
  public static final Task<Void> VOID = new DoneTask<>(NIL);

  private DoneTask(final Object outcome) {
    super(outcome, true);
  }

  /**
   * A succeeded task.
   *
   * @param value the value; may be null
   * @param <T> the value type
   * @return a new done task
   */
  public static <T> Task<T> of(final T value) {
    return new DoneTask<>(value == null ? NIL : value);
  }

  /**
   * A failed task (a cancelled one for a {@code CancelledException}). An unretrieved failure made on a loop
   * thread is reported when that loop closes, or when the task is collected unretrieved.
   *
   * @param error the exception; not null
   * @param <T> the value type
   * @return a new done task
   */
  public static <T> Task<T> failed(final Throwable error) {
    Failure f = new Failure(error);
    DoneTask<T> t = new DoneTask<>(f);
    if (!f.cancelled) {
      Unretrieved.track(t, f);
    }
    return t;
  }

  @Override
  public boolean cancel(final String reason) {
    return false;
  }
}
