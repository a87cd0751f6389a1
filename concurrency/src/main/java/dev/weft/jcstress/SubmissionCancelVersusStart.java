package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The future of {@link EventLoop#submit} cancelled from another thread while the loop starts the submitted task:
 * either the body never runs, or it runs and its task is cancelled, exactly once (one {@code cancel()} of the future
 * is one cancellation of the task, so a task that catches it and awaits again is not cancelled a second time).
 *
 * <p>The loop thread creates a loop, submits, queues a {@code stop()}, publishes the future and runs the loop for one
 * turn; the other actor waits for the future, pauses at random (spreading its cancel over the loop's turn), cancels.
 *
 * <p>Result: the body started, cancellations its task received, the future is cancelled, cancel() returned true.
 */
@JCStressTest
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "cancelled before the loop started it: the body never ran")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "cancelled after it started: its task cancelled once")
@Outcome(id = "1, 2, 1, 1", expect = FORBIDDEN, desc = "one cancel() of the future cancelled the task twice")
@Outcome(id = "1, 0, 1, 1", expect = FORBIDDEN, desc = "the future cancelled, its task left running")
@Outcome(expect = FORBIDDEN, desc = "another contradiction, or the loop never published the future (-1)")
@State
public class SubmissionCancelVersusStart {

  private volatile CompletableFuture<Integer> future;
  private volatile CountingPromise task;
  private volatile int started;

  @Actor
  public void loop() {
    EventLoop loop = new EventLoop();
    future = loop.submit(() -> {
      started = 1;
      return task = new CountingPromise();
    });
    loop.callSoonThreadsafe(loop::stop);
    loop.runForever();
    loop.close();
  }

  @Actor
  public void canceller(final IIII_Result r) {
    if (!Spin.until(() -> future != null)) {
      r.r4 = -1;
      return;
    }
    Spin.jitter(256);
    r.r4 = future.cancel(false) ? 1 : 0;
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    CountingPromise t = task;
    r.r1 = started;
    r.r2 = t == null ? 0 : t.cancels();
    r.r3 = future != null && future.isCancelled() ? 1 : 0;
  }
}
