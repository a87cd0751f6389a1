package dev.weft.internal;

import dev.weft.loop.EventLoop;
import java.util.ArrayDeque;

/**
 * A per-thread run queue for threads that run no event loop: work handed to it runs on this thread, but never
 * nested inside other trampolined work. The outermost caller drains the queue; everyone below it only appends.
 * So a chain of a hundred thousand resumptions (each completing the task the next one awaits) runs as a loop, at
 * constant stack depth, instead of a hundred thousand nested calls.
 *
 * <pre>{@code Trampoline.dispatch(task.loop(), callback);   // the loop's queue, or this thread's trampoline}</pre>
 *
 * <p>Threads: each thread has its own instance; nothing here is shared. Nulls: runnables are never null.
 */
public final class Trampoline {

  private static final ThreadLocal<Trampoline> LOCAL = ThreadLocal.withInitial(Trampoline::new);

  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean draining;

  private Trampoline() {
  }

  /**
   * Runs {@code r} soon: on {@code loop} through its queue when there is one, otherwise on this thread's
   * trampoline.
   *
   * @param loop the loop that owns the work; may be null
   * @param r the work; not null
   */
  public static void dispatch(final EventLoop loop, final Runnable r) {
    if (loop != null) {
      loop.execute(r);
    } else {
      execute(r);
    }
  }

  /**
   * Runs {@code r} on this thread: now if no trampolined work is running here, otherwise after the current piece
   * of work returns (the outermost caller drains). An exception from {@code r} goes to the unhandled handler.
   *
   * @param r the work; not null
   */
  public static void execute(final Runnable r) {
    Trampoline t = LOCAL.get();
    if (t.draining) {
      t.queue.addLast(r);
      return;
    }
    t.draining = true;
    try {
      runSafely(r);
      t.drain();
    } finally {
      t.draining = false;
    }
  }

  /**
   * Marks this thread as draining, so that work handed to the trampoline queues up instead of running inline.
   *
   * @return the trampoline to {@link #exit()} if this call made the thread the outermost drainer, else null
   */
  static Trampoline enter() {
    Trampoline t = LOCAL.get();
    if (t.draining) {
      return null;
    }
    t.draining = true;
    return t;
  }

  /** Runs what queued up since {@link #enter()}, then stops draining. */
  void exit() {
    try {
      drain();
    } finally {
      draining = false;
    }
  }

  private void drain() {
    Runnable r;
    while ((r = queue.pollFirst()) != null) {
      runSafely(r);
    }
  }

  private static void runSafely(final Runnable r) {
    try {
      r.run();
    } catch (Throwable e) {
      Unhandled.report(e);
    }
  }
}
