package dev.weft.loop;

import dev.weft.Promise;
import dev.weft.lincheck.Lincheck;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistencyVerifier;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistent;
import org.junit.jupiter.api.Test;

/**
 * The future of {@link EventLoop#submit}, cancelled from several threads while one thread runs loop turns, is
 * linearizable against {@link Spec}: the first turn starts the task unless the future was cancelled first (then the
 * body never runs); cancelling the future cancels a started task exactly once, however many threads cancel it.
 * Checked for quiescent consistency (see {@link #cancel()}); every other operation is linearizable. (The future's
 * own {@code isCancelled()} is not an operation: it turns true a moment before the cancellation reaches the task,
 * as with any future and its dependents.) Before the fix of
 * {@code Submission} (one cancel() racing the start cancelled the task twice) model checking finds the interleaving.
 */
public class SubmissionLincheckTest {

  private final EventLoop loop = LoopUnderTest.create();
  /** The started task: a promise that counts the cancellations it receives. */
  private final AtomicInteger taskCancels = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Integer> future = loop.submit(() -> new Promise<Integer>() {
    {
      started.set(true);
    }

    @Override
    public boolean cancel(final String reason) {
      taskCancels.incrementAndGet();
      return super.cancel(reason);
    }
  });

  /**
   * Quiescently consistent, not linearizable: when it races the loop's start of the task, {@code cancel()} may return
   * before the loop, finishing the start, passes the cancellation on (Submission's rule: whichever of the two sees
   * the other does it). So this call may take effect anywhere in the parallel part; counts are exact once all ends.
   */
  @QuiescentConsistent
  @Operation
  public boolean cancel() {
    return future.cancel(false);
  }

  /** @return whether the submitted body has run */
  @Operation
  public boolean started() {
    return started.get();
  }

  /** @return cancellations the started task received so far */
  @Operation
  public int taskCancels() {
    return taskCancels.get();
  }

  @Operation(nonParallelGroup = "loop")
  public void turn() {
    LoopUnderTest.turn(loop);
  }

  /** The sequential specification. */
  public static final class Spec {
    private boolean started;
    private boolean cancelled;
    private int taskCancels;

    /** As {@code CompletableFuture.cancel}: true once cancelled, also for a repeated call, which does nothing. */
    public boolean cancel() {
      if (!cancelled) {
        cancelled = true;
        if (started) {
          taskCancels++;
        }
      }
      return true;
    }

    public int taskCancels() {
      return taskCancels;
    }

    public boolean started() {
      return started;
    }

    public void turn() {
      if (!cancelled) {
        started = true; // a cancelled submission's body never runs
      }
    }
  }

  @Test
  void modelChecking() {
    Lincheck.modelCheck(SubmissionLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }

  @Test
  void stress() {
    Lincheck.stress(SubmissionLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }
}
