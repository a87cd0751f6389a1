package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code gather(tasks)}: the values of all tasks, in argument order. As asyncio: the first failure (or
 * cancellation) in time fails the gather and the other tasks keep running; cancelling the gather cancels every
 * child, and a gather whose cancellation was requested ends cancelled even if every child then succeeds.
 *
 * <p>Children report inline from their completing threads (a child waiter only stores a value and counts down),
 * so the bookkeeping is thread-safe: the values array is published by the countdown's atomic decrement.
 *
 * <p>Threads: any. Nulls: no null task; values may be null.
 *
 * @param <T> the element type
 */
public final class Gather<T> extends TaskCore<List<T>> {

  private final TaskCore<?>[] children;
  private final Object[] values;
  private final AtomicInteger remaining;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;

  /**
   * Gathers tasks.
   *
   * @param tasks the tasks; not null, no null element
   */
  public Gather(final List<? extends Task<? extends T>> tasks) {
    super();
    int n = tasks.size();
    children = new TaskCore<?>[n];
    for (int i = 0; i < n; i++) {
      children[i] = (TaskCore<?>) Objects.requireNonNull(tasks.get(i), "gather: task " + i + " is null");
    }
    values = new Object[n];
    remaining = new AtomicInteger(n);
    if (n == 0) {
      succeed(List.of());
      return;
    }
    for (int i = 0; i < n; i++) {
      children[i].addWaiter(new Child(this, i));
    }
  }

  private void childDone(final int i, final TaskCore<?> child) {
    Object o = child.outcome();
    if (o instanceof Failure f) {
      if (!completeFrom(child)) { // the first failure: the gather carries it on
        f.observe(); // a later one: dropped on purpose, as asyncio does
      }
      return;
    }
    values[i] = o == NIL ? null : o;
    if (remaining.decrementAndGet() == 0) {
      if (cancelRequested) {
        cancelWith(new CancelledException(cancelReason));
      } else {
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
        succeed(list);
      }
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    cancelReason = reason;
    cancelRequested = true;
    for (TaskCore<?> c : children) {
      c.cancel(reason);
    }
    return true;
  }

  /** Which child reported. */
  private static final class Child implements Waiter {
    private final Gather<?> gather;
    private final int index;

    Child(final Gather<?> gather, final int index) {
      this.gather = gather;
      this.index = index;
    }

    @Override
    public void taskDone(final TaskCore<?> task) {
      gather.childDone(index, task);
    }
  }
}
