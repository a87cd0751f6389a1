package dev.weft.sync;

/**
 * Raised by {@link AsyncBarrier#arrive()} when the barrier is broken ({@link AsyncBarrier#abort()}) or reset
 * ({@link AsyncBarrier#reset()}) while tasks wait at it, or when a task arrives at a broken barrier (asyncio's
 * {@code BrokenBarrierError}; named so as not to clash with {@code java.util.concurrent.BrokenBarrierException}).
 *
 * <pre>{@code
 * try {
 *   await(barrier.arrive());
 * } catch (BarrierBrokenException e) {
 *   // another task gave up: stop this round
 * }
 * }</pre>
 *
 * <p>Threads: any. Nulls: the message is never null.
 */
public class BarrierBrokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whether the barrier was reset (true) rather than aborted (false). */
  private final boolean reset;

  /**
   * An exception for a broken or reset barrier.
   *
   * @param message what happened; not null
   * @param reset true when raised by a reset, false when the barrier is broken
   */
  public BarrierBrokenException(final String message, final boolean reset) {
    super(message);
    this.reset = reset;
  }

  /** @return true when raised by {@link AsyncBarrier#reset()}, false when the barrier was aborted */
  public boolean isReset() {
    return reset;
  }
}
