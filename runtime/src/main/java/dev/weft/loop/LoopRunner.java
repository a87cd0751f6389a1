package dev.weft.loop;

import dev.weft.Task;
import dev.weft.internal.DoneTask;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * asyncio's {@code run}, behind {@code Weft.run}: a fresh loop on the calling thread, the main task run to
 * completion, every task still pending cancelled and finished, the loop closed, the outcome returned.
 *
 * <p>{@link EventLoop#stop()} during the run cancels the main task with every other one, so {@code run} throws
 * {@code CancelledException} (unless the main task catches it and returns).
 *
 * <p>Threads: the calling thread becomes the loop thread for the duration; it must not already run a loop.
 */
public final class LoopRunner {

  private LoopRunner() {
    throw new AssertionError();
  }

  /**
   * Runs a main task on a new loop.
   *
   * @param main supplies the main task; called on the loop thread; not null
   * @param <T> the value type
   * @return the main task's value
   * @throws IllegalStateException if the calling thread already runs a loop
   */
  public static <T> T run(final Supplier<? extends Task<T>> main) {
    Objects.requireNonNull(main, "main");
    if (EventLoop.current() != null) {
      throw new IllegalStateException("Weft.run called on a thread that already runs an event loop ("
          + Thread.currentThread().getName() + "): await the task instead of nesting run");
    }
    EventLoop loop = new EventLoop();
    loop.bind();
    try {
      Task<T> task = start(main);
      // The main task may be finished by another thread (a foreign future) while the loop sleeps in select:
      // a no-op callback queued on the loop at completion is what wakes it.
      task.onDone(t -> { });
      if (!loop.runUntil(task::isDone) && !task.isDone()) {
        task.cancel("the event loop was stopped"); // EventLoop.stop(): the main task ends cancelled, as the rest
      }
      loop.shutdown();
      // Evaluated before the finally block: retrieving the outcome first keeps close() from reporting the main
      // task's failure as unhandled.
      return task.result();
    } finally {
      loop.close();
    }
  }

  private static <T> Task<T> start(final Supplier<? extends Task<T>> main) {
    Task<T> t;
    try {
      t = main.get();
    } catch (Throwable e) {
      return DoneTask.failed(e);
    }
    return t != null ? t : DoneTask.failed(new NullPointerException("Weft.run: the main supplier returned null"));
  }
}
