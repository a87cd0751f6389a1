package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimedAction;

/**
 * {@code sleep(d)}: a {@code Task<Void>} that a loop timer completes. A delay of zero or less is due at once and
 * completes at the start of the next turn, so awaiting it yields exactly one turn. The task is its own timer entry
 * (no timer handle per sleep): cancelling it completes it cancelled, and the loop drops a done entry unrun.
 *
 * <p>Threads: created on the loop thread; cancel from any thread.
 */
public final class SleepTask extends TaskCore<Void> implements TimedAction {

  /**
   * Starts the timer. Loop thread only.
   *
   * @param loop the calling thread's loop; not null
   * @param delayNanos the delay; clamped to the loop's maximum, zero or less means "next turn"
   */
  public SleepTask(final EventLoop loop, final long delayNanos) {
    super(loop);
    loop.scheduleTimed(delayNanos, this);
  }

  /** The timer fired. */
  @Override
  public void run() {
    succeed(null);
  }

  /** @return true once done: only a cancel completes the task before its timer fires */
  @Override
  public boolean timerCancelled() {
    return isDone();
  }

  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    loop().timedCancelled();
    return true;
  }
}
