package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * No lost wake-up on {@link EventLoop#submit} (asyncio's {@code run_coroutine_threadsafe}): as
 * {@link CallSoonThreadsafeWakeup}, each round a task submitted from another thread, whose future must complete.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every submitted task ran, every future completed")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the loop sleeps in select() with a submission queued")
@Outcome(expect = FORBIDDEN, desc = "the loop or the submitter threw")
@State
public class SubmitWakeup extends WakeupRounds {

  private final EventLoop loop = new EventLoop();

  @Actor
  public void loop() {
    loop.runForever();
    loop.close();
  }

  @Signal
  public void submitter() {
    for (int i = 1; i <= ROUNDS; i++) {
      int round = i;
      var future = loop.submit(() -> {
        processed = round;
        return Weft.done(round);
      });
      if (!awaitProcessed(round) || !Spin.until(future::isDone) || future.join() != round) {
        return; // lost: leave the loop asleep, the harness reports STALE
      }
      Spin.jitter(JITTER);
    }
    loop.stop();
  }
}
