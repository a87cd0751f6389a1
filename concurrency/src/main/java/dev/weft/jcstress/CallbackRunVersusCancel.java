package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.loop.CallbackHandle;
import dev.weft.loop.EventLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A {@link EventLoop#callSoonThreadsafe} callback cancelled through its handle from another thread while the loop
 * runs it: it runs, or {@code cancel()} reports that it stopped it; never both, never neither.
 *
 * <p>The loop thread creates a loop, queues the callback, publishes its handle and runs; the other actor waits for
 * the handle, pauses at random, cancels and stops the loop (a loop stopped before its first turn runs what is queued
 * when it closes).
 *
 * <p>Result: times the callback ran, cancel() returned true, isCancelled().
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "ran first; the cancel came too late")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "cancelled first; never ran")
@Outcome(expect = FORBIDDEN, desc = "ran and reported cancelled, ran twice, neither, or never published (-1)")
@State
public class CallbackRunVersusCancel {

  private volatile EventLoop loop;
  private volatile CallbackHandle handle;
  private volatile int ran;

  @Actor
  public void loop() {
    EventLoop l = new EventLoop();
    loop = l;
    handle = l.callSoonThreadsafe(() -> ran++);
    l.runForever();
    l.close();
  }

  @Actor
  public void canceller(final III_Result r) {
    if (!Spin.until(() -> handle != null)) {
      r.r2 = -1;
      return;
    }
    Spin.jitter(256);
    r.r2 = handle.cancel() ? 1 : 0;
    loop.stop();
  }

  @Arbiter
  public void outcome(final III_Result r) {
    r.r1 = ran;
    r.r3 = handle != null && handle.isCancelled() ? 1 : 0;
  }
}
