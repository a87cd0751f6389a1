package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import dev.weft.task.WaitResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asyncio's {@code wait(tasks, timeout, return_when)}: a task that succeeds with a {@link WaitResult} when the
 * condition of its {@link Mode} holds, or when the optional timeout passes (then with whatever is done by then: a
 * timeout is not a failure here, as in asyncio). It never cancels or retrieves the tasks it watches; cancelling it
 * cancels only the wait itself.
 *
 * <p>The wait is its own {@link Waiter} on every task (one object, no allocation per task). It cannot take itself
 * off the tasks it watched once it ends (the waiter stacks have no removal); a finished wait is small, but a loop
 * that waits again and again on one long-lived task leaves one dead waiter there per round until that task ends.
 *
 * <p>Threads: any; the timer needs the creating thread's loop. Nulls: no null task.
 *
 * @param <F> the task type
 */
public final class WaitTask<F extends Task<?>> extends TaskCore<WaitResult<F>> implements Waiter, Runnable {

  /** When the wait ends. */
  public enum Mode {
    /** As soon as any task is done (asyncio's {@code FIRST_COMPLETED}). */
    FIRST_COMPLETED,
    /** As soon as any task fails, not counting cancellations, or when all are done ({@code FIRST_EXCEPTION}). */
    FIRST_FAILURE,
    /** When all are done ({@code ALL_COMPLETED}). */
    ALL_COMPLETED
  }

  private final List<F> tasks;
  private final Mode mode;
  private final AtomicInteger remaining;
  /** The timeout timer, or null; cancelled from any thread when the wait ends first. */
  private final TimerHandle timer;

  /**
   * Starts waiting.
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param mode when to end; not null
   * @param timeoutNanos the timeout, or a negative value for none
   * @throws IllegalArgumentException if {@code tasks} is empty (asyncio's {@code ValueError})
   * @throws IllegalStateException if a timeout is given and the calling thread runs no loop
   */
  public WaitTask(final Collection<? extends F> tasks, final Mode mode, final long timeoutNanos) {
    super();
    Objects.requireNonNull(tasks, "tasks");
    this.mode = Objects.requireNonNull(mode, "mode");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("tasks: empty (expected: at least one task to wait for)");
    }
    List<F> copy = new ArrayList<>(tasks.size());
    for (F t : tasks) {
      copy.add(Objects.requireNonNull(t, "wait: null task"));
    }
    this.tasks = copy;
    this.remaining = new AtomicInteger(copy.size());
    if (timeoutNanos >= 0) {
      EventLoop loop = loop();
      if (loop == null || !loop.inLoopThread()) {
        throw new IllegalStateException("a wait with a timeout needs a running event loop on this thread ("
            + Thread.currentThread().getName() + "): call it inside Weft.run(...)");
      }
      timer = loop.schedule(timeoutNanos, TimeUnit.NANOSECONDS, this);
    } else {
      timer = null;
    }
    for (F t : copy) {
      ((TaskCore<?>) t).addWaiter(this); // a done task tells us at once, on this thread
      if (isDone()) {
        break; // decided already: the others need no waiter
      }
    }
  }

  /** One watched task is done. Any thread; only reads outcomes and counts. */
  @Override
  public void taskDone(final TaskCore<?> task) {
    int left = remaining.decrementAndGet();
    boolean end = switch (mode) {
      case FIRST_COMPLETED -> true;
      case FIRST_FAILURE -> left == 0 || (task.outcome() instanceof Failure f && !f.cancelled);
      case ALL_COMPLETED -> left == 0;
    };
    if (end) {
      finish();
    }
  }

  /** The timeout passed: end with what is done now. Loop thread. */
  @Override
  public void run() {
    finish();
  }

  private void finish() {
    if (isDone()) {
      return;
    }
    List<F> done = new ArrayList<>();
    List<F> pending = new ArrayList<>();
    for (F t : tasks) {
      (t.isDone() ? done : pending).add(t);
    }
    if (succeed(new WaitResult<>(done, pending)) && timer != null) {
      timer.cancel();
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    if (timer != null) {
      timer.cancel();
    }
    return true;
  }
}
