package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * An {@code @Async} call suspended on a {@link Promise}: one thread completes the promise while another cancels the
 * call's task. The body resumes exactly once, with the value or with a {@code CancelledException}, and the task's
 * outcome matches. No loop here: the body resumes on the thread that woke it (its trampoline).
 *
 * <p>Result: complete() returned true, cancel() returned true, the task's state, how the body resumed (10: with the
 * value, 1: with a CancelledException; so 11 or 0 would be twice or never).
 */
@JCStressTest
@Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "cancel won: the promise was cancelled, then the body")
@Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE,
    desc = "the value arrived, the cancel before the body resumed: the cancellation is delivered at the await")
@Outcome(id = "1, 0, 1, 10", expect = ACCEPTABLE, desc = "completion won; the cancel came after the task ended")
@Outcome(id = "1, 1, 1, 10", expect = ACCEPTABLE_INTERESTING,
    desc = "the cancel came after the body's last await: it lapses, the body's value stands (docs/design.md)")
@Outcome(expect = FORBIDDEN, desc = "resumed twice or never, or an outcome that contradicts the resumption")
@State
public class CoroutineCancelVersusCompletion {

  private final Promise<Integer> promise = new Promise<>();
  private final int[] resumes = new int[2];
  private final Task<Integer> task = Bodies.resumeCounting(promise, resumes);

  @Actor
  public void completer(final IIII_Result r) {
    r.r1 = promise.complete(1) ? 1 : 0;
  }

  @Actor
  public void canceller(final IIII_Result r) {
    r.r2 = task.cancel() ? 1 : 0;
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    int state = States.of(task);
    r.r3 = state == States.SUCCEEDED && task.result() != 2 ? -1 : state;
    r.r4 = resumes[0] * 10 + resumes[1];
  }
}
