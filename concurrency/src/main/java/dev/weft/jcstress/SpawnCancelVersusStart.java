package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A spawned task cancelled from another thread while its loop starts its body: either the body never runs, or the
 * cancellation is passed on to the task the body returned, exactly once.
 *
 * <p>The loop thread creates a loop whose first callback spawns the task (its body starts on the next turn) and
 * publishes it; the other actor waits for it, pauses at random, cancels it and stops the loop.
 *
 * <p>Result: the body started, cancellations the body's task received, the spawned task's state, cancel() returned.
 */
@JCStressTest
@Outcome(id = "0, 0, 2, 1", expect = ACCEPTABLE, desc = "cancelled before it started: the body never ran")
@Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE, desc = "cancelled after it started: passed on once")
@Outcome(id = "1, 2, 2, 1", expect = FORBIDDEN, desc = "one cancel() passed on twice")
@Outcome(expect = FORBIDDEN, desc = "a lost cancel, another contradiction, or the task never published (-1)")
@State
public class SpawnCancelVersusStart {

  private volatile EventLoop loop;
  private volatile Task<Integer> spawned;
  private volatile CountingPromise returned;
  private volatile int started;

  @Actor
  public void loop() {
    EventLoop l = new EventLoop();
    l.callSoonThreadsafe(() -> spawned = Weft.spawn(() -> {
      started = 1;
      return returned = new CountingPromise();
    }));
    loop = l;
    l.runForever();
    l.close();
  }

  @Actor
  public void canceller(final IIII_Result r) {
    if (!Spin.until(() -> spawned != null)) {
      r.r4 = -1;
      return;
    }
    Spin.jitter(256);
    r.r4 = spawned.cancel() ? 1 : 0;
    loop.stop();
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    CountingPromise t = returned;
    r.r1 = started;
    r.r2 = t == null ? 0 : t.cancels();
    r.r3 = spawned == null ? -1 : States.of(spawned);
  }
}
