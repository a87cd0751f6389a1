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

  /** Links in the loop's list; whether linked at all is {@code livePrev != null || head == this} (no flag field). */
  LiveTask<?> livePrev;
  LiveTask<?> liveNext;
  /** The name given by setName or spawn(name, ...); null for the default. */
  private volatile String name;
  /** The task-local context this task runs in (see TaskContext); null when no TaskLocal was ever set. */
  TaskContext context;

  LiveTask(final EventLoop loop) {
    super(loop);
  }

  @Override
  public final String name() {
    String n = name;
    return n != null ? n : defaultName();
  }

  @Override
  public final void setName(final String name) {
    this.name = java.util.Objects.requireNonNull(name, "name");
  }

  /**
   * The state shown by task dumps: {@code SCHEDULED} (spawned, body not started), {@code RUNNABLE} (running or
   * queued to run), {@code SUSPENDED} (waiting for what {@link #awaiting()} returns), {@code RETURNING} (the body
   * returned a pending task and this one follows it). Loop thread.
   *
   * @return the state's name
   */
  abstract String dumpState();

  /** @return what this task waits for right now (a task or a stage), or null. Loop thread. */
  abstract Object awaiting();

  /** @return true when a cancellation is already on its way to this task (shutdown skips it: one is enough) */
  boolean cancelRequested() {
    return false;
  }

  /**
   * Runs {@link #step()} (a resumption, a spawned body) in this task's task-local context, then puts the thread's
   * previous context back. Null fast path: with no context here and no TaskLocal ever set in the JVM, it costs one
   * static read. A context the step created (its first TaskLocal.set, in a task born without one) becomes the
   * task's own, so its later resumptions see it.
   */
  final void runInContext() {
    TaskContext ctx = context;
    if (ctx == null && !TaskContext.used) {
      try {
        step();
      } finally {
        if (TaskContext.used) {
          TaskContext.Current cur = TaskContext.slot(); // the thread had none before: keep what step() made, clear
          context = cur.context;
          cur.context = null;
        }
      }
      return;
    }
    TaskContext.Current cur = TaskContext.slot();
    TaskContext previous = cur.context;
    cur.context = ctx;
    try {
      step();
    } finally {
      if (context == null) {
        context = cur.context;
      }
      cur.context = previous;
    }
  }

  /** What {@link #runInContext()} runs; nothing by default. */
  void step() {
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
