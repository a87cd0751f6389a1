package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.loop.EventLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * No lost wake-up on {@link EventLoop#callSoonThreadsafe} (the submission queue and {@code LoopWakeup}): a loop run
 * with {@code runForever} is handed {@value WakeupRounds#ROUNDS} callbacks from another thread, each as the loop goes
 * back to sleep (see {@link WakeupRounds}); the last hand-off is {@link EventLoop#stop()} from that thread.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every callback ran and stop() ended the loop")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the loop sleeps in select() with work queued")
@Outcome(expect = FORBIDDEN, desc = "the loop or the submitter threw")
@State
public class CallSoonThreadsafeWakeup extends WakeupRounds {

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
      loop.callSoonThreadsafe(() -> processed = round);
      if (!awaitProcessed(round)) {
        return; // lost: leave the loop asleep, the harness reports STALE
      }
      Spin.jitter(JITTER);
    }
    loop.stop();
  }
}
