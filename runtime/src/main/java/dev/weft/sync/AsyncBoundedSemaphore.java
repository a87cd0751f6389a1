package dev.weft.sync;

/**
 * A semaphore that refuses to be released more often than acquired (asyncio's {@code BoundedSemaphore}): a
 * {@link #release()} that would raise the free count above the initial value throws, which catches a double
 * release early instead of silently widening the bound.
 *
 * <pre>{@code
 * AsyncBoundedSemaphore pool = new AsyncBoundedSemaphore(2);
 * await(pool.acquire());
 * pool.release();
 * pool.release();        // IllegalStateException: released more times than acquired
 * }</pre>
 *
 * <p>Everything else (fairness, cancellation, threads, nulls) is as {@link AsyncSemaphore}.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

  /**
   * A bounded semaphore; it binds to the first event loop that uses it.
   *
   * @param permits the initial (and highest) number of free permits
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncBoundedSemaphore(final int permits) {
    super(permits);
  }

  @Override
  void checkRelease(final int free, final int initial) {
    if (free >= initial) {
      throw new IllegalStateException("AsyncBoundedSemaphore.release(): released more times than acquired"
          + " (free permits: " + free + ", initial: " + initial + ")");
    }
  }
}
