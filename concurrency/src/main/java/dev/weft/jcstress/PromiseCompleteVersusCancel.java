package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
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
 * A {@link Promise} completed on one thread and cancelled on another: exactly one wins, and everything that watches
 * the promise agrees with the winner. Watching it: an {@code onDone} callback (told once) and its
 * {@code toCompletableFuture()} view (same outcome).
 *
 * <p>Result: complete() returned true (1/0), cancel() returned true (1/0), the promise's state
 * ({@link States}), watchers agree (1: the callback ran exactly once and the view has the promise's state).
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "completion won; watchers saw the value")
@Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "cancellation won; watchers saw the cancellation")
@Outcome(expect = FORBIDDEN, desc = "two winners, no winner, or a watcher told twice, never, or differently")
@State
public class PromiseCompleteVersusCancel {

  private final Promise<Integer> promise = new Promise<>();
  private final CompletableFuture<Integer> view = promise.toCompletableFuture();
  /** onDone calls; the callback runs on the completing thread's trampoline (no loop here). */
  private int told;

  public PromiseCompleteVersusCancel() {
    promise.onDone(t -> told++);
  }

  @Actor
  public void completer(final IIII_Result r) {
    r.r1 = promise.complete(1) ? 1 : 0;
  }

  @Actor
  public void canceller(final IIII_Result r) {
    r.r2 = promise.cancel() ? 1 : 0;
  }

  @Arbiter
  public void outcome(final IIII_Result r) {
    r.r3 = States.of(promise);
    r.r4 = told == 1 && States.of(view) == r.r3 ? 1 : 0;
  }
}
