package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A due timer cancelled from another thread (the lazy path: marked, dropped from the heap later) while its loop
 * fires it: it fires, or {@code cancel()} reports that it stopped it; never both, never neither.
 *
 * <p>The loop thread creates a loop whose first callback schedules a zero-delay timer (it fires on the next turn)
 * and publishes the handle; the other actor waits for it, pauses at random, cancels it and stops the loop.
 *
 * <p>Result: times the action ran, cancel() returned true, isCancelled().
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "fired first; the cancel came too late")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "cancelled first; never fired")
@Outcome(expect = FORBIDDEN, desc = "fired and reported cancelled, fired twice, neither, or never published (-1)")
@State
public class TimerFireVersusCancel {

  private volatile EventLoop loop;
  private volatile TimerHandle timer;
  private volatile int fired;

  @Actor
  public void loop() {
    EventLoop l = new EventLoop();
    l.callSoonThreadsafe(() -> timer = l.callLater(Duration.ZERO, () -> fired++));
    loop = l;
    l.runForever();
    l.close();
  }

  @Actor
  public void canceller(final III_Result r) {
    if (!Spin.until(() -> timer != null)) {
      r.r2 = -1;
      return;
    }
    Spin.jitter(256);
    r.r2 = timer.cancel() ? 1 : 0;
    loop.stop();
  }

  @Arbiter
  public void outcome(final III_Result r) {
    r.r1 = fired;
    r.r3 = timer != null && timer.isCancelled() ? 1 : 0;
  }
}
