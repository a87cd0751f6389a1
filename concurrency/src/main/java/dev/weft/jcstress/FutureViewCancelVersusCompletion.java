package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Promise;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A task's {@code toCompletableFuture()} view cancelled on one thread while another completes the task: cancelling
 * the view cancels the task, unless the task's completion got there first; the task never ends up both ways.
 *
 * <p>Result: complete() returned true, the view's cancel() returned true, the promise's state, the view's state.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "completion won both")
@Outcome(id = "0, 1, 2, 2", expect = ACCEPTABLE, desc = "the view's cancel won and cancelled the promise")
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE_INTERESTING,
    desc = "the view was cancelled as the promise completed: the view is its own future (CompletableFuture's rule);"
        + " the promise keeps its value")
@Outcome(expect = FORBIDDEN, desc = "a cancelled promise with a value in its view, or no outcome")
@State
public class FutureViewCancelVersusCompletion {

  private final Promise<Integer> promise = new Promise<>();
  private final CompletableFuture<Integer> view = promise.toCompletableFuture();

  @Actor
  public void completer(final IIII_Result r) {
    r.r1 = promise.complete(1) ? 1 : 0;
  }

  @Actor
  public void canceller(final IIII_Result r) {
    r.r2 = view.cancel(false) ? 1 : 0;
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    r.r3 = States.of(promise);
    r.r4 = States.of(view);
  }
}
