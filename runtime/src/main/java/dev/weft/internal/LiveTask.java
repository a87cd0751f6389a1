package dev.weft.internal;

import dev.weft.loop.EventLoop;

/**
 * A task that a loop must know about while it is pending: a spawned task or a suspended coroutine. It carries its
 * own links in the loop's list of live tasks ({@link LoopTasks}), so joining and leaving the list allocates
 * nothing and costs O(1), with no hash set. The list lets {@code Weft.run} cancel whatever is still pending when
 * the main task ends, and keeps pending tasks reachable (a suspended task nobody references is not collected).
 *
 * <p>Threads: the links are touched on the loop thread only.
 *
 * @param <T> the value type
 */
public abstract class LiveTask<T> extends TaskCore<T> {

  LiveTask<?> livePrev;
  LiveTask<?> liveNext;
  boolean linked;
  /** Set when the loop's shutdown has already cancelled this task once. */
  boolean shutdownCancelled;

  LiveTask(final EventLoop loop) {
    super(loop);
  }

  /** @return true when a cancellation is already on its way to this task (shutdown skips it: one is enough) */
  boolean cancelRequested() {
    return false;
  }

  /** Joins the loop's live list. Loop thread only; no-op without a loop. */
  final void link() {
    EventLoop l = loop();
    if (l != null) {
      l.tasks().add(this);
    }
  }

  @Override
  final void completed() {
    EventLoop l = loop();
    if (l == null) {
      return;
    }
    if (l.inLoopThread()) {
      l.tasks().remove(this);
    } else {
      // Completed from another thread (a foreign thread finishing what we adopted): leave the list on the loop.
      l.execute(() -> l.tasks().remove(this));
    }
  }
}
