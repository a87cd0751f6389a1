package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code asCompleted(tasks)} (asyncio's {@code as_completed}): one new task per input, in completion order: the
 * first element takes the outcome of whichever input ends first, the second of the next one, and so on. Await them
 * in turn:
 *
 * <pre>{@code
 * for (Task<String> next : asCompleted(List.of(a, b, c))) {
 *   String v = await(next);           // earliest result first; a failure is rethrown here
 * }
 * }</pre>
 *
 * <p>An element is a plain task: cancelling it cancels only that element, never the inputs (as asyncio's iterator
 * never cancels them); the outcome of the input that would have filled it stays with that input. The elements
 * copy outcomes inline on the inputs' completing threads; a counter hands out the slots.
 *
 * <p>Threads: any. Nulls: no null input; values may be null.
 */
public final class AsCompleted {

  private AsCompleted() {
    throw new AssertionError();
  }

  /**
   * The elements, in completion order.
   *
   * @param tasks the inputs; not null, no null element
   * @param <T> the value type
   * @return an unmodifiable list of as many tasks as there are inputs
   */
  public static <T> List<Task<T>> of(final Collection<? extends Task<? extends T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<Slot<T>> slots = new ArrayList<>(tasks.size());
    for (Task<? extends T> t : tasks) {
      Objects.requireNonNull(t, "asCompleted: null task");
      slots.add(new Slot<>());
    }
    Filler<T> filler = new Filler<>(slots);
    for (Task<? extends T> t : tasks) {
      ((TaskCore<?>) t).addWaiter(filler);
    }
    return Collections.unmodifiableList(new ArrayList<Task<T>>(slots));
  }

  /** Hands each finished input the next free slot. One object for all inputs. */
  private static final class Filler<T> implements Waiter {
    private final List<Slot<T>> slots;
    private final AtomicInteger next = new AtomicInteger();

    Filler(final List<Slot<T>> slots) {
      this.slots = slots;
    }

    @Override
    public void taskDone(final TaskCore<?> task) {
      Slot<T> slot = slots.get(next.getAndIncrement());
      if (!slot.isDone()) { // a cancelled slot leaves the input's failure unretrieved, so it is still reported
        slot.completeFrom(task);
      }
    }
  }

  /** One element: completed by the filler, or cancelled on its own. */
  private static final class Slot<T> extends TaskCore<T> {
    @Override
    public boolean cancel(final String reason) {
      return cancelWith(new CancelledException(reason));
    }
  }
}
