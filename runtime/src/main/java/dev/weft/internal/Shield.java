package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.Objects;

/**
 * {@code shield(task)} (asyncio's {@code shield}): a task that follows {@code task} but whose cancellation does not
 * reach it. Cancelling the shield (or the task awaiting it, which cancels the shield) ends the shield cancelled at
 * once; the inner task runs on, and a failure it ends with later is still reported if nobody retrieves it (asyncio
 * marks it retrieved; DESIGN.md's "no exception is lost" wins here).
 *
 * <pre>{@code
 * Task<Void> save = spawn(() -> saveToDisk(doc));
 * await(shield(save));   // cancelling this caller does not interrupt the save
 * }</pre>
 *
 * <p>Threads: any. Nulls: the inner task is not null.
 *
 * @param <T> the value type
 */
public final class Shield<T> extends TaskCore<T> implements Waiter {

  private Shield() {
    super();
  }

  /**
   * Shields a task.
   *
   * @param task the task to protect; not null
   * @param <T> the value type
   * @return {@code task} itself when already done (nothing to protect), else a new shield following it
   */
  public static <T> Task<T> of(final Task<T> task) {
    Objects.requireNonNull(task, "task");
    if (task.isDone()) {
      return task;
    }
    Shield<T> s = new Shield<>();
    ((TaskCore<?>) task).addWaiter(s);
    return s;
  }

  /** The inner task ended: take its outcome, unless the shield was cancelled first. */
  @Override
  public void taskDone(final TaskCore<?> task) {
    if (!isDone()) {
      completeFrom(task);
    }
  }

  @Override
  public boolean cancel(final String reason) {
    return cancelWith(new CancelledException(reason));
  }
}
