package dev.weft.loop;

import dev.weft.Task;
import dev.weft.internal.DoneTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link EventLoop#submit}: asyncio's {@code run_coroutine_threadsafe}. A {@code CompletableFuture} that another
 * thread holds, and the ready-queue entry that starts the task on the loop thread and follows it.
 *
 * <pre>
 *   submitted ──loop runs it──► started (follows the task) ──task ends──► complete (value / original failure /
 *       │                          │                                               cancelled)
 *       └──cancel()──► cancelled (the body never runs)   cancel() ──► the task is cancelled too
 * </pre>
 *
 * <p>The future completes inline on the thread that ends the task (the loop thread, usually), as a
 * {@code CompletableFuture} does. A task failure reaches the future as the original exception (retrieved, so it is
 * not reported as unhandled); a cancelled task cancels the future (the JDK's {@code CancellationException}). A
 * submission the loop drops because it closed first ends cancelled.
 *
 * <p>Threads: created on any thread; {@link #run()} on the loop thread; {@link #cancel} from any thread.
 *
 * @param <T> the value type
 */
final class Submission<T> extends CompletableFuture<T> implements Runnable {

  private static final VarHandle TASK_CANCELLED;

  static {
    try {
      TASK_CANCELLED = MethodHandles.lookup().findVarHandle(Submission.class, "taskCancelled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Supplies the task; null once started. Loop thread after publication. */
  private Supplier<? extends Task<T>> body;
  /** The started task; published before the cancellation check so that a racing cancel() sees one or the other. */
  private volatile Task<T> task;
  /** Claimed by whichever of run() and cancel() cancels the task, so that it is cancelled once, not twice. */
  private volatile boolean taskCancelled;

  Submission(final Supplier<? extends Task<T>> body) {
    this.body = body;
  }

  @Override
  public void run() {
    Supplier<? extends Task<T>> b = body;
    body = null;
    if (b == null || isDone()) {
      return; // cancelled before it started: the body never runs
    }
    Task<T> t;
    try {
      t = b.get();
    } catch (Throwable e) {
      t = DoneTask.failed(e);
    }
    if (t == null) {
      t = DoneTask.failed(new NullPointerException("EventLoop.submit: the supplier returned null"));
    }
    task = t;
    t.toCompletableFuture().whenComplete((v, e) -> {
      if (e == null) {
        complete(v);
      } else if (e instanceof CancellationException) {
        super.cancel(false);
      } else {
        completeExceptionally(e);
      }
    });
    if (isCancelled()) {
      cancelTaskOnce(t); // cancel() ran before the task was published, or is running now
    }
  }

  /**
   * Cancels the started task, once: when cancel() races with the start, both sides may see the other's write (the
   * future cancelled, the task published) and both get here; and a repeated cancel() of the future answers true again
   * ({@code CompletableFuture}'s rule). A second cancellation would give a coroutine a second
   * {@code CancelledException}, at its next await.
   */
  private void cancelTaskOnce(final Task<T> t) {
    if (TASK_CANCELLED.compareAndSet(this, false, true)) {
      t.cancel();
    }
  }

  /** The loop closed before running this. */
  void dropped() {
    body = null;
    super.cancel(false);
  }

  /**
   * Cancels the future and, if it started, its task (asyncio: cancelling the concurrent future cancels the task).
   *
   * @param mayInterruptIfRunning ignored: a task is cancelled at its suspension point, never interrupted
   * @return true if this call cancelled the future
   */
  @Override
  public boolean cancel(final boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Task<T> t = task;
    if (cancelled && t != null) {
      cancelTaskOnce(t);
    }
    return cancelled;
  }
}
