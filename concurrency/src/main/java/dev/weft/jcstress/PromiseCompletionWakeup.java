package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Promise;
import dev.weft.Weft;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * No lost wake-up when a foreign thread completes what a coroutine awaits: {@code Weft.run} runs an {@code @Async}
 * method that awaits {@value WakeupRounds#ROUNDS} promises in turn, and another thread completes them one by one as
 * the loop goes back to sleep. The path: {@code Promise.complete} tells the coroutine, which queues itself on its
 * loop through the submission queue and wakes the selector; the last completion ends the main task and the run.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the coroutine resumed after every completion; run returned")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: a completed promise's coroutine never resumed")
@Outcome(expect = FORBIDDEN, desc = "the loop or the completer threw")
@State
public class PromiseCompletionWakeup extends WakeupRounds {

  @SuppressWarnings("unchecked")
  private final Promise<Integer>[] promises = new Promise[ROUNDS];

  public PromiseCompletionWakeup() {
    for (int i = 0; i < ROUNDS; i++) {
      promises[i] = new Promise<>();
    }
  }

  @Actor
  public void loop() {
    Weft.run(() -> Bodies.awaitEach(promises, this));
  }

  @Signal
  public void completer() {
    for (int i = 1; i <= ROUNDS; i++) {
      promises[i - 1].complete(i);
      if (i < ROUNDS && !awaitProcessed(i)) {
        return; // lost: the harness reports STALE
      }
      Spin.jitter(JITTER);
    }
  }
}
