package dev.weft.lincheck;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistencyVerifier;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistent;
import org.junit.jupiter.api.Test;

/**
 * An {@code @Async} call that awaits a promise and then returns another pending task (which its task then follows),
 * with the promise completed and the call cancelled from several threads. No loop: the body resumes on the thread
 * that wakes it. Checked against {@link Spec}: the call's task ends cancelled by the first cancel(), whether that
 * cancelled the awaited promise or was passed on to the followed task, and the followed task never receives one
 * cancel() twice (before the fix, model checking finds the interleaving where it does).
 *
 * <p>{@code cancel()} only requests (Task's contract): racing the body, it may return before the request takes effect
 * (the awaited promise already cancelled, the call still ending), so it is checked for quiescent consistency: no
 * cancel() is lost, none is passed on twice, and a call nobody cancelled stays pending.
 */
public class CoroutineFollowLincheckTest {

  private final Promise<Integer> awaited = new Promise<>();
  private final AtomicInteger followedCancels = new AtomicInteger();
  /** cancel() calls of the call's task that answered true. */
  private final AtomicInteger granted = new AtomicInteger();
  private final Promise<Integer> followed = new Promise<>() {
    @Override
    public boolean cancel(final String reason) {
      followedCancels.incrementAndGet();
      return super.cancel(reason);
    }
  };
  private final Task<Integer> task = awaitThenFollow(awaited, followed);

  @Async
  private static Task<Integer> awaitThenFollow(final Promise<Integer> first, final Task<Integer> next) {
    await(first);
    return next;
  }

  /** Completes the awaited promise (a separate task: whether this call won it is not the call's state). */
  @Operation
  public void complete() {
    awaited.complete(1);
  }

  /** Requests cancellation; what it answers is checked by {@link #eachCancelPassedOnOnce()}, not compared. */
  @QuiescentConsistent
  @Operation
  public void cancel() {
    if (task.cancel()) {
      granted.incrementAndGet();
    }
  }

  /** @return "pending" or "cancelled" (the followed task is never completed, so the call cannot succeed) */
  @Operation
  public String taskState() {
    return !task.isDone() ? "pending" : task.isCancelled() ? "cancelled" : "ended otherwise";
  }

  /**
   * Whenever no operation runs: the followed task received at most one cancel() per cancel() of the call that
   * answered true (each such call is one request: two calls racing the call's end both answer true, and each is
   * passed on once).
   */
  @Validate
  public void eachCancelPassedOnOnce() {
    if (followedCancels.get() > granted.get()) {
      throw new IllegalStateException("the followed task received " + followedCancels.get() + " cancellations for "
          + granted.get() + " cancel() calls");
    }
  }

  /** The sequential specification. */
  public static final class Spec {
    private boolean cancelled;

    public void complete() {
      // The body resumes and returns the followed task, which the call now follows: still pending.
    }

    public void cancel() {
      cancelled = true; // cancels the awaited promise, or is passed on to the followed task: the call ends cancelled
    }

    public String taskState() {
      return cancelled ? "cancelled" : "pending";
    }
  }

  @Test
  void modelChecking() {
    Lincheck.modelCheck(CoroutineFollowLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }

  @Test
  void stress() {
    Lincheck.stress(CoroutineFollowLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }
}
