package dev.weft.internal;

import dev.weft.CancelledException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code CompletableFuture} view of a task ({@code Task.toCompletableFuture()}, and the face of an
 * {@code @Async} method declared to return {@code CompletableFuture} or {@code CompletionStage}). It completes
 * as the task does: value, original exception, or cancelled (the JDK's {@code CancellationException}). Cancelling
 * it cancels the task.
 *
 * <p>It is completed inline by the thread completing the task (a {@code CompletableFuture}'s own rule: the
 * completing thread runs its dependents), which is also what keeps it correct when the loop has already closed.
 *
 * <p>Threads: any.
 *
 * @param <T> the value type
 */
final class FutureBridge<T> extends CompletableFuture<T> implements Waiter {

  private static final VarHandle CANCEL_PASSED_ON;

  static {
    try {
      CANCEL_PASSED_ON = MethodHandles.lookup().findVarHandle(FutureBridge.class, "cancelPassedOn", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TaskCore<T> task;
  /** Set by the one cancel() that passes the cancellation on to the task. */
  private volatile boolean cancelPassedOn;

  private FutureBridge(final TaskCore<T> task) {
    this.task = task;
  }

  /** A future following {@code task}; already complete when the task is done. */
  static <T> CompletableFuture<T> of(final TaskCore<T> task) {
    FutureBridge<T> f = new FutureBridge<>(task);
    task.addWaiter(f);
    return f;
  }

  /** A failed future, or a cancelled one for a {@link CancelledException}. */
  static <T> CompletableFuture<T> failed(final Throwable t) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (t instanceof CancelledException) {
      f.cancel(false);
    } else {
      f.completeExceptionally(t);
    }
    return f;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void taskDone(final TaskCore<?> t) {
    Object o = t.outcome();
    if (o instanceof Failure f) {
      f.observe(); // carried on by the future: its consumer owns it now
      if (f.cancelled) {
        super.cancel(false);
      } else {
        super.completeExceptionally(f.error);
      }
    } else {
      super.complete(o == TaskCore.NIL ? null : (T) o);
    }
  }

  /**
   * Cancels this future and, the first time, the task. ({@code CompletableFuture.cancel} answers true again once the
   * future is cancelled; passing every such call on would give a coroutine one {@code CancelledException} per call,
   * where a repeated cancel of a future must do nothing.)
   */
  @Override
  public boolean cancel(final boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && CANCEL_PASSED_ON.compareAndSet(this, false, true)) {
      task.cancel();
    }
    return cancelled;
  }

  @Override
  public String toString() {
    return "FutureBridge[" + task + "]";
  }
}
