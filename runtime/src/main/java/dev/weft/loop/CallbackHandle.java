package dev.weft.loop;

/**
 * A callback scheduled on an {@link EventLoop} that has not necessarily run yet (asyncio's {@code Handle}): what
 * {@link EventLoop#callSoon}, {@link EventLoop#callSoonThreadsafe}, {@link EventLoop#callLater} and
 * {@link EventLoop#callAt} return, to cancel it.
 *
 * <pre>{@code
 * CallbackHandle h = loop.callSoonThreadsafe(() -> flush());
 * ...
 * h.cancel();          // it will not run, unless it already has
 * }</pre>
 *
 * <p>Threads: any. Running and cancelling race through one compare-and-swap, so exactly one wins: a cancelled
 * callback never runs, and {@link #cancel()} returns false once it has started.
 */
public interface CallbackHandle {

  /**
   * Cancels the callback.
   *
   * @return true if this call stopped it from running; false if it already ran, is running, or was cancelled
   */
  boolean cancel();

  /** @return true once cancelled */
  boolean isCancelled();
}
