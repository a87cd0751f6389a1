package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.task.TaskGroup;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The task of a {@link TaskGroup} scope, and the group itself; the rules are on {@link TaskGroup}.
 *
 * <p>Bookkeeping: the live children form an intrusive doubly-linked list of {@link Child} nodes (each node is also
 * the child's waiter), so spawning and finishing cost O(1) and allocate one node, with no hash set. The first
 * failure is kept as is; later ones are added to it as suppressed exceptions.
 *
 * <p>Threads: all state is touched on the scope's loop thread only. A body or child that ends on another thread
 * (a body that returned {@code Task.from(stage)}, a child cancelled from elsewhere) hops to the loop first;
 * {@link #cancel(String)} hops too.
 *
 * @param <T> the value type
 */
public final class GroupTask<T> extends TaskCore<T> implements TaskGroup {

  private final EventLoop loop;
  /** The body's task; null while the body function runs (its synchronous prefix). */
  private TaskCore<?> body;
  private Child head;
  private Throwable firstError;
  /** The scope refuses new children: it is aborting (failure or cancellation) or has ended. */
  private boolean aborting;
  private boolean closed;
  /** An outside cancellation arrived once the body was done: the scope itself ends cancelled. */
  private boolean scopeCancelled;
  /** An outside cancellation arrived while the body function was still running (before {@link #body} was set). */
  private boolean cancelBeforeBody;
  private String cancelReason;

  private GroupTask(final EventLoop loop) {
    super(loop);
    this.loop = loop;
  }

  /**
   * Opens a scope and calls the body in it. Loop thread.
   *
   * @param body the body function; not null
   * @param <T> the value type
   * @return the scope's task
   */
  public static <T> Task<T> open(final Function<? super TaskGroup, ? extends Task<T>> body) {
    Objects.requireNonNull(body, "body");
    GroupTask<T> g = new GroupTask<>(TimeoutTask.requireLoop("taskGroup"));
    Task<T> b;
    try {
      b = body.apply(g);
    } catch (Throwable e) {
      b = DoneTask.failed(e);
    }
    if (b == null) {
      b = DoneTask.failed(new NullPointerException("the task group's body returned null"));
    }
    TaskCore<?> bt = (TaskCore<?>) b;
    g.body = bt;
    if (g.cancelBeforeBody) {
      g.cancelOnLoop(g.cancelReason);
    }
    bt.addWaiter(t -> g.onLoop(g::bodyEnded));
    return g;
  }

  @Override
  public <R> Task<R> spawn(final Supplier<? extends Task<R>> childBody) {
    Objects.requireNonNull(childBody, "body");
    if (!loop.inLoopThread()) {
      throw new IllegalStateException("TaskGroup.spawn called off the scope's loop thread ("
          + Thread.currentThread().getName() + ")");
    }
    if (closed) {
      throw new IllegalStateException("TaskGroup.spawn: the scope has ended; spawn children before it closes");
    }
    if (aborting) {
      throw new IllegalStateException("TaskGroup.spawn: the scope is shutting down (a task failed or the scope was"
          + " cancelled)");
    }
    SpawnedTask<R> t = new SpawnedTask<>(loop, childBody);
    Child c = new Child(this, t);
    c.next = head;
    if (head != null) {
      head.prev = c;
    }
    head = c;
    t.addWaiter(c);
    return t;
  }

  @Override
  public boolean isClosed() {
    return aborting || closed;
  }

  private void onLoop(final Runnable r) {
    if (loop.inLoopThread()) {
      r.run();
    } else {
      loop.execute(r);
    }
  }

  private void bodyEnded() {
    assert loop.inLoopThread();
    if (body.outcome() instanceof Failure f) {
      f.observe(); // the scope carries the body's failure or cancellation
      if (f.cancelled) {
        abort(null);
      } else {
        failed(f.error);
      }
    }
    maybeFinish();
  }

  private void childEnded(final Child c) {
    assert loop.inLoopThread();
    // Unlink.
    if (c.prev != null) {
      c.prev.next = c.next;
    } else {
      head = c.next;
    }
    if (c.next != null) {
      c.next.prev = c.prev;
    }
    c.prev = null;
    c.next = null;
    if (c.task.outcome() instanceof Failure f && !f.cancelled) {
      f.observe();
      failed(f.error);
    }
    maybeFinish();
  }

  private void failed(final Throwable e) {
    if (firstError == null) {
      firstError = e;
      abort(null);
      return;
    }
    if (e == firstError) {
      return; // the body rethrew a child's failure it awaited: one failure, not two
    }
    for (Throwable s : firstError.getSuppressed()) {
      if (s == e) {
        return;
      }
    }
    firstError.addSuppressed(e);
  }

  /** Cancels the body (if running) and every child, once. */
  private void abort(final String reason) {
    if (aborting) {
      return;
    }
    aborting = true;
    if (body != null && !body.isDone()) {
      body.cancel(reason);
    }
    // Snapshot first: cancelling a child that has not started ends it inline, which unlinks it while we walk.
    int n = 0;
    for (Child c = head; c != null; c = c.next) {
      n++;
    }
    TaskCore<?>[] children = new TaskCore<?>[n];
    int i = 0;
    for (Child c = head; c != null; c = c.next) {
      children[i++] = c.task;
    }
    for (TaskCore<?> t : children) {
      t.cancel(reason);
    }
  }

  private void maybeFinish() {
    if (closed || body == null || !body.isDone() || head != null) {
      return;
    }
    closed = true;
    if (firstError != null) {
      failWith(firstError);
    } else if (scopeCancelled) {
      cancelWith(new CancelledException(cancelReason));
    } else {
      completeFrom(body);
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    onLoop(() -> cancelOnLoop(reason));
    return true;
  }

  private void cancelOnLoop(final String reason) {
    assert loop.inLoopThread();
    if (closed) {
      return;
    }
    cancelReason = reason;
    if (body == null) {
      cancelBeforeBody = true; // the body function cancelled its own scope: handled once it returns
      return;
    }
    if (body.isDone()) {
      scopeCancelled = true; // nobody else can receive it: the scope itself ends cancelled
    }
    if (aborting) {
      return;
    }
    abort(reason);
    maybeFinish();
  }

  @Override
  public String toString() {
    return "TaskGroup[" + (closed ? super.toString() : aborting ? "aborting" : "open") + "]";
  }

  /** One live child: a node of the list and the child's waiter. */
  private static final class Child implements Waiter, Runnable {
    private final GroupTask<?> group;
    final TaskCore<?> task;
    Child prev;
    Child next;

    Child(final GroupTask<?> group, final TaskCore<?> task) {
      this.group = group;
      this.task = task;
    }

    @Override
    public void taskDone(final TaskCore<?> t) {
      group.onLoop(this);
    }

    @Override
    public void run() {
      group.childEnded(this);
    }
  }
}
