package dev.weft.internal;

import dev.weft.CancelledException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code Weft.toThread(body)} (asyncio's {@code to_thread}): a task whose body runs on a pool thread. The pool
 * thread completes the task; a coroutine awaiting it still resumes on its own loop, through the loop's queue.
 *
 * <pre>
 *   submitted ──pool runs body──► succeeded / failed (the body's exception, checked ones too)
 *       └──cancel()──► cancelled at once; the pool thread is interrupted if the body runs (ExecutorService pools),
 *                      and a body that has not started never runs
 * </pre>
 *
 * <p>Threads: created on any thread; the body runs on the executor's thread; cancel from any thread. A
 * {@link CancelledException} thrown by the body cancels the task and never escapes into the pool.
 *
 * @param <T> the value type
 */
public final class ThreadTask<T> extends TaskCore<T> implements Runnable {

  private final Callable<T> body;
  /** The pool's handle on the run, to interrupt it on cancel; null for a plain {@code Executor}. */
  private volatile Future<?> run;

  private ThreadTask(final Callable<T> body) {
    super();
    this.body = body;
  }

  /**
   * Starts a body on an executor.
   *
   * @param body the blocking work; not null
   * @param executor where it runs; not null
   * @param <T> the value type
   * @return the task; failed with {@code RejectedExecutionException} if the executor refuses it
   */
  public static <T> ThreadTask<T> start(final Callable<T> body, final Executor executor) {
    ThreadTask<T> t = new ThreadTask<>(Objects.requireNonNull(body, "body"));
    Objects.requireNonNull(executor, "executor");
    try {
      if (executor instanceof ExecutorService es) {
        t.run = es.submit(t);
        if (t.isCancelled()) {
          t.run.cancel(true); // cancelled before the handle was published
        }
      } else {
        executor.execute(t);
      }
    } catch (RejectedExecutionException e) {
      t.failWith(e);
    }
    return t;
  }

  @Override
  public void run() {
    if (isDone()) {
      return; // cancelled before it started
    }
    try {
      succeed(body.call());
    } catch (CancelledException e) {
      cancelWith(e);
    } catch (Throwable e) {
      failWith(e);
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    Future<?> f = run;
    if (f != null) {
      f.cancel(true);
    }
    return true;
  }
}
