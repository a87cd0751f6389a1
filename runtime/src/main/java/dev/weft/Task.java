package dev.weft;

import dev.weft.internal.StageTask;
import dev.weft.internal.TaskCore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The eventual outcome of an asynchronous computation: what an {@link Async} method returns, what
 * {@link Weft#spawn}, {@link Weft#sleep}, {@link Weft#gather} and {@link Promise} give (asyncio's Task and
 * Future in one type). It implements neither {@code Future} nor {@code CompletionStage}: await it inside an
 * {@code @Async} method, or bridge with {@link #toCompletableFuture()} and {@link #from(CompletionStage)}.
 *
 * <pre>{@code
 * Task<String> t = spawn(() -> greet("a"));
 * String s = await(t);                 // inside an @Async method
 * }</pre>
 *
 * <pre>
 *            complete / fail                    body returns or throws
 *   PENDING ─────────────────► SUCCEEDED | FAILED
 *      │ cancel() (a request; delivered at the task's suspension point)
 *      └────────────────────► CANCELLED   (a body may catch the CancelledException and finish otherwise)
 * </pre>
 *
 * <table>
 *   <caption>Methods by state</caption>
 *   <tr><th>method</th><th>pending</th><th>succeeded</th><th>failed</th><th>cancelled</th></tr>
 *   <tr><td>{@code isDone()} / {@code isCancelled()}</td><td>false / false</td><td>true / false</td>
 *       <td>true / false</td><td>true / true</td></tr>
 *   <tr><td>{@code result()}</td><td>{@code IllegalStateException}</td><td>value</td><td>rethrows the
 *       original</td><td>{@code CancelledException}</td></tr>
 *   <tr><td>{@code join()}</td><td>waits</td><td>value</td><td>rethrows the original</td>
 *       <td>{@code CancelledException}</td></tr>
 *   <tr><td>{@code cancel()}</td><td>requests cancellation, true</td><td>false</td><td>false</td><td>false</td></tr>
 *   <tr><td>{@code onDone(f)}</td><td>runs later</td><td>runs soon</td><td>runs soon</td><td>runs soon</td></tr>
 *   <tr><td>{@code toCompletableFuture()}</td><td>pending CF; cancelling it cancels the task</td>
 *       <td>completed CF</td><td>CF failed with the original</td><td>CF cancelled</td></tr>
 * </table>
 *
 * <p>Threads: every method is safe from any thread, except that {@link #join()} refuses to block a loop thread.
 * Nulls: a task's value may be null ({@code Task<Void>}); arguments may not.
 *
 * <p>Only Weft's own classes extend {@code Task}: its constructor refuses any other subclass, because awaiting
 * relies on the runtime's completion protocol.
 *
 * @param <T> the type of the value
 */
public abstract class Task<T> {

  /** Only for Weft's own task classes (they all extend {@code dev.weft.internal.TaskCore}). */
  protected Task() {
    if (!(this instanceof TaskCore)) {
      throw new UnsupportedOperationException(
          getClass().getName() + " extends dev.weft.Task; only Weft's own classes may: use Promise instead");
    }
  }

  /**
   * A task that follows a stage: it succeeds or fails (with the stage's original exception, a
   * {@code CompletionException} unwrapped) when the stage does. Cancelling the task cancels it at once and, when
   * the stage is a {@code Future}, cancels the stage too.
   *
   * <pre>{@code run(() -> Task.from(httpClient.sendAsync(request, handler)));}</pre>
   *
   * @param stage the stage to follow; not null
   * @param <T> the value type
   * @return a new task; its {@code onDone} callbacks run on the loop of the calling thread, if any
   */
  public static <T> Task<T> from(final CompletionStage<T> stage) {
    return new StageTask<>(stage);
  }

  /**
   * The task's name (asyncio's {@code Task.get_name}), for task dumps, unretrieved-failure reports and the loop's
   * slow-callback warnings. Unless set, a default: {@code spawn-N} for the N-th task spawned on its loop,
   * {@code Class.method} for the task of an {@code @Async} call, the kind of task otherwise ({@code Promise},
   * {@code Gather}, ...). Computed on demand: nothing is paid for names until one is asked for or set.
   *
   * <pre>{@code
   * Task<Void> t = spawn("poller", () -> poll(url));
   * t.name();                            // "poller"
   * }</pre>
   *
   * @return the name; never null
   */
  public abstract String name();

  /**
   * Renames the task (asyncio's {@code Task.set_name}).
   *
   * @param name the new name; not null
   */
  public abstract void setName(String name);

  /**
   * Whether the task has finished, in any way.
   *
   * @return true once succeeded, failed or cancelled
   */
  public abstract boolean isDone();

  /**
   * Whether the task finished by cancellation.
   *
   * @return true only when done and cancelled
   */
  public abstract boolean isCancelled();

  /**
   * The value of a finished task; never blocks.
   *
   * @return the value, possibly null
   * @throws IllegalStateException if the task is still pending
   * @throws CancelledException if the task was cancelled
   */
  public abstract T result();

  /**
   * Blocks the calling thread until the task finishes, then behaves as {@link #result()}. On a loop thread this
   * would stop the loop that has to finish the task: {@code await} it instead.
   *
   * @return the value, possibly null
   * @throws IllegalStateException on a thread that runs an event loop
   * @throws java.util.concurrent.CompletionException wrapping {@code InterruptedException} when interrupted while
   *     waiting (the thread's interrupt flag is set again)
   */
  public abstract T join();

  /**
   * Requests cancellation. A pending promise is cancelled at once; a running or suspended task receives a
   * {@link CancelledException} on a later turn of its loop, at its suspension point; a task suspended on
   * another task cancels that task too.
   *
   * @return true when the task was pending (the request was made), false when already done
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * As {@link #cancel()}, with a reason: the {@link CancelledException} delivered to the task (and to the task it is
   * suspended on, which is cancelled with the same reason) carries it as its message, as asyncio's
   * {@code cancel(msg)}. When several requests carry reasons, the latest one not yet delivered wins.
   *
   * <pre>{@code
   * worker.cancel("shutting down");
   * try { await(worker); } catch (CancelledException e) { log(e.getMessage()); }   // "shutting down"
   * }</pre>
   *
   * @param reason the message of the cancellation; may be null (no message)
   * @return true when the task was pending (the request was made), false when already done
   */
  public abstract boolean cancel(String reason);

  /**
   * Runs an action once the task is done, on the task's loop through its queue (or, for a task with no loop, on
   * the loop of the thread calling {@code onDone}; with no loop at all, on the completing thread through its
   * trampoline): never inline inside the call that completes the task. An exception thrown by the action goes to
   * the unhandled-exception handler.
   *
   * @param action receives this task; not null
   */
  public abstract void onDone(Consumer<? super Task<T>> action);

  /**
   * A {@code CompletableFuture} that completes as this task does: with its value, with its original exception, or
   * cancelled (a JDK {@code CancellationException}) when the task is cancelled. Cancelling the future cancels the
   * task. Joining it on a loop thread for a task that needs that loop deadlocks: {@code await} instead.
   *
   * @return a new future, already complete when the task is done
   */
  public abstract CompletableFuture<T> toCompletableFuture();
}
