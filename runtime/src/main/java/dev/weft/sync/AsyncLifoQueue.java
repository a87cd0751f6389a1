package dev.weft.sync;

/**
 * A last-in-first-out {@link AsyncQueue} (asyncio's {@code LifoQueue}): {@code get} takes the most recently put
 * item. Bounds, waiting, fairness among waiters, {@code taskDone}/{@code join}, shutdown and cancellation are as
 * {@link AsyncQueue}; an item given back by a getter cancelled before it resumed goes back on top.
 *
 * <pre>{@code
 * AsyncLifoQueue<String> stack = new AsyncLifoQueue<>();
 * await(stack.put("a"));
 * await(stack.put("b"));
 * String top = await(stack.get());     // "b"
 * }</pre>
 *
 * <p>Threads: the loop thread that first used it. Nulls: items may not be null.
 *
 * @param <T> the item type
 */
public final class AsyncLifoQueue<T> extends AsyncQueue<T> {

  /** An unbounded LIFO queue. */
  public AsyncLifoQueue() {
    this(0);
  }

  /**
   * A LIFO queue holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the bound, or 0
   * @throws IllegalArgumentException if {@code maxsize} is negative
   */
  public AsyncLifoQueue(final int maxsize) {
    super(maxsize, new ItemBuffer.Lifo<>());
  }
}
