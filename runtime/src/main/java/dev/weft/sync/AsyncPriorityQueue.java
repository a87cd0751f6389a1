package dev.weft.sync;

import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * An {@link AsyncQueue} that hands out the smallest item first (asyncio's {@code PriorityQueue}), by natural order
 * ({@code Comparable}) or by a {@code Comparator}. Equal items come out in the order they were put (asyncio's
 * heap gives no such promise; here it is guaranteed). Bounds, waiting, fairness among waiters,
 * {@code taskDone}/{@code join}, shutdown and cancellation are as {@link AsyncQueue}; an item given back by a getter
 * cancelled before it resumed comes out before items equal to it.
 *
 * <pre>{@code
 * record Job(int priority, String name) {}
 * AsyncPriorityQueue<Job> jobs = new AsyncPriorityQueue<>(Comparator.comparingInt(Job::priority));
 * await(jobs.put(new Job(5, "later")));
 * await(jobs.put(new Job(1, "urgent")));
 * Job next = await(jobs.get());        // urgent
 * }</pre>
 *
 * <p>Threads: the loop thread that first used it; the comparator runs there. Nulls: items may not be null; with
 * natural order, an item that is not {@code Comparable} is refused with {@code ClassCastException}.
 *
 * @param <T> the item type
 */
public final class AsyncPriorityQueue<T> extends AsyncQueue<T> {

  /** An unbounded queue in natural order. */
  public AsyncPriorityQueue() {
    this(0, null);
  }

  /**
   * A queue in natural order holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the bound, or 0
   * @throws IllegalArgumentException if {@code maxsize} is negative
   */
  public AsyncPriorityQueue(final int maxsize) {
    this(maxsize, null);
  }

  /**
   * An unbounded queue in a comparator's order.
   *
   * @param comparator the order; not null
   */
  public AsyncPriorityQueue(final Comparator<? super T> comparator) {
    this(0, Objects.requireNonNull(comparator, "comparator"));
  }

  /**
   * A queue in a comparator's order holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the bound, or 0
   * @param comparator the order; null for natural order
   * @throws IllegalArgumentException if {@code maxsize} is negative
   */
  public AsyncPriorityQueue(final int maxsize, final Comparator<? super T> comparator) {
    super(maxsize, new Heap<>(comparator));
  }

  /** A binary heap of items tagged with a sequence number, so that equal items keep their insertion order. */
  private static final class Heap<T> implements ItemBuffer<T> {
    private final Comparator<? super T> order;
    /** Natural order: items must be Comparable, checked when put. */
    private final boolean natural;
    private final PriorityQueue<Entry<T>> heap;
    /** Next sequence number for added items (counts up) and for given-back items (counts down, so first). */
    private long nextSeq;
    private long nextBackSeq = -1;

    @SuppressWarnings("unchecked")
    Heap(final Comparator<? super T> comparator) {
      this.order = comparator != null ? comparator : (a, b) -> ((Comparable<? super T>) a).compareTo(b);
      this.heap = new PriorityQueue<>((x, y) -> {
        int c = order.compare(x.item, y.item);
        return c != 0 ? c : Long.compare(x.seq, y.seq);
      });
      this.natural = comparator == null;
    }

    @Override
    public void check(final T item) {
      if (natural && !(item instanceof Comparable)) {
        throw new ClassCastException("AsyncPriorityQueue without a comparator: " + item.getClass().getName()
            + " is not Comparable");
      }
    }

    @Override
    public void add(final T item) {
      heap.add(new Entry<>(item, nextSeq++));
    }

    @Override
    public void addBack(final T item) {
      heap.add(new Entry<>(item, nextBackSeq--));
    }

    @Override
    public T remove() {
      return heap.remove().item;
    }

    @Override
    public int size() {
      return heap.size();
    }

    @Override
    public void clear() {
      heap.clear();
    }
  }

  /** An item and its insertion sequence number. */
  private record Entry<T>(T item, long seq) {
  }
}
