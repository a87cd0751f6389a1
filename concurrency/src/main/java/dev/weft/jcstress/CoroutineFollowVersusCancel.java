package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Promise;
import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * An {@code @Async} call that awaits a promise and then returns another, still pending task (which the call's task
 * then follows), cancelled from one thread while another completes the first promise. A cancel() that comes after
 * the body's last await is passed on to the followed task: exactly once, never twice, never lost.
 *
 * <p>Result: complete() returned true, cancel() returned true, cancellations the followed task received, the call's
 * task's state.
 */
@JCStressTest
@Outcome(id = "0, 1, 0, 2", expect = ACCEPTABLE, desc = "cancel won the awaited promise; the body never returned")
@Outcome(id = "1, 1, 0, 2", expect = ACCEPTABLE, desc = "the cancel was delivered at the await")
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "the cancel came after the await and was passed on, once")
@Outcome(id = "1, 1, 2, 2", expect = FORBIDDEN, desc = "one cancel() passed on twice")
@Outcome(expect = FORBIDDEN, desc = "a cancel() lost (the task still pending) or another contradiction")
@State
public class CoroutineFollowVersusCancel {

  private final Promise<Integer> first = new Promise<>();
  private final CountingPromise followed = new CountingPromise();
  private final Task<Integer> task = Bodies.awaitThenFollow(first, followed);

  @Actor
  public void completer(final IIII_Result r) {
    r.r1 = first.complete(1) ? 1 : 0;
  }

  @Actor
  public void canceller(final IIII_Result r) {
    r.r2 = task.cancel() ? 1 : 0;
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    r.r3 = followed.cancels();
    r.r4 = States.of(task);
  }
}
