package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import java.util.concurrent.TimeUnit;

/**
 * {@code sleep(d)}: a {@code Task<Void>} that a loop timer completes. A delay of zero or less is due at once and
 * completes at the start of the next turn, so awaiting it yields exactly one turn. Cancelling it cancels the timer.
 *
 * <p>Threads: created on the loop thread; cancel from any thread.
 */
public final class SleepTask extends TaskCore<Void> implements Runnable {

  private final TimerHandle timer;

  /**
   * Starts the timer. Loop thread only.
   *
   * @param loop the calling thread's loop; not null
   * @param delayNanos the delay; clamped to the loop's maximum, zero or less means "next turn"
   */
  public SleepTask(final EventLoop loop, final long delayNanos) {
    super(loop);
    this.timer = loop.schedule(Math.max(0, delayNanos), TimeUnit.NANOSECONDS, this);
  }

  /** The timer fired. */
  @Override
  public void run() {
    succeed(null);
  }

  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    timer.cancel();
    return true;
  }
}
