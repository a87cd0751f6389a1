package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.task.Outcome;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code gatherSettled(tasks)} (asyncio's {@code gather(..., return_exceptions=True)}): the {@link Outcome} of every
 * task, in argument order, once all are done. A child's failure or cancellation becomes an element, never the
 * gather's failure, and counts as retrieved. Cancelling the gather cancels every child and the gather ends
 * cancelled once they all have ended (asyncio's rule), whatever their outcomes.
 *
 * <p>Children report inline from their completing threads; each waiter only stores an outcome and counts down, and
 * the array is published to the last one by the counter's atomic decrement.
 *
 * <p>Threads: any. Nulls: no null task; values may be null.
 *
 * @param <T> the element type
 */
public final class SettledGather<T> extends TaskCore<List<Outcome<T>>> {

  private final TaskCore<?>[] children;
  private final Outcome<?>[] outcomes;
  private final AtomicInteger remaining;
  private volatile boolean cancelRequested;
  private volatile String cancelReason;

  /**
   * Gathers the outcomes of tasks.
   *
   * @param tasks the tasks; not null, no null element
   */
  public SettledGather(final List<? extends Task<? extends T>> tasks) {
    super();
    int n = tasks.size();
    children = new TaskCore<?>[n];
    for (int i = 0; i < n; i++) {
      children[i] = (TaskCore<?>) Objects.requireNonNull(tasks.get(i), "gatherSettled: task " + i + " is null");
    }
    outcomes = new Outcome<?>[n];
    remaining = new AtomicInteger(n);
    if (n == 0) {
      succeed(List.of());
      return;
    }
    for (int i = 0; i < n; i++) {
      final int index = i;
      children[i].addWaiter(t -> childDone(index, t));
    }
  }

  /**
   * The outcome of a done task, as a value; a failure counts as retrieved.
   *
   * @param t a done task
   * @param <T> the value type
   * @return its outcome
   */
  @SuppressWarnings("unchecked")
  static <T> Outcome<T> outcomeOf(final TaskCore<?> t) {
    Object o = t.outcome();
    if (o instanceof Failure f) {
      f.observe();
      return Outcome.failure(f.error);
    }
    return Outcome.success(o == NIL ? null : (T) o);
  }

  private void childDone(final int i, final TaskCore<?> child) {
    outcomes[i] = outcomeOf(child);
    if (remaining.decrementAndGet() == 0) {
      if (cancelRequested) {
        cancelWith(new CancelledException(cancelReason));
      } else {
        @SuppressWarnings("unchecked")
        List<Outcome<T>> list = (List<Outcome<T>>) (List<?>) Collections.unmodifiableList(Arrays.asList(outcomes));
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
}
