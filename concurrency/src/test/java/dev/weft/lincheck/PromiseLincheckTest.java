package dev.weft.lincheck;

import dev.weft.Promise;
import dev.weft.Weft;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link Promise} completed, failed, cancelled and read from three threads at once is linearizable: it behaves as
 * if each call happened at one instant, in some order consistent with real time, the first settling call winning
 * ({@link Spec}). This covers the outcome CAS, the waiter stack swap and the readers.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:2")
public class PromiseLincheckTest {

  private static final IllegalStateException FAILURE = new IllegalStateException("failed");

  private final Promise<Integer> promise = new Promise<>();

  public PromiseLincheckTest() {
    // Failed promises nobody retrieves are reported when collected. Set here, not once: Lincheck loads this class
    // (and the runtime) again in a loader of its own, with statics of its own.
    Weft.setUnhandledExceptionHandler(e -> { });
  }

  @Operation
  public boolean complete(@Param(name = "value") final int value) {
    return promise.complete(value);
  }

  @Operation
  public boolean fail() {
    return promise.fail(FAILURE);
  }

  @Operation
  public boolean cancel() {
    return promise.cancel();
  }

  /** @return "pending", "value N", "failed" or "cancelled", read through isDone, isCancelled and result */
  @Operation
  public String state() {
    if (!promise.isDone()) {
      return "pending";
    }
    if (promise.isCancelled()) {
      return "cancelled";
    }
    try {
      return "value " + promise.result();
    } catch (IllegalStateException e) {
      return e == FAILURE ? "failed" : "wrong failure " + e;
    }
  }

  /** The sequential specification: the first of complete, fail and cancel wins. */
  public static final class Spec {
    private String state = "pending";

    public boolean complete(final int value) {
      return settle("value " + value);
    }

    public boolean fail() {
      return settle("failed");
    }

    public boolean cancel() {
      return settle("cancelled");
    }

    public String state() {
      return state;
    }

    private boolean settle(final String outcome) {
      if (!state.equals("pending")) {
        return false;
      }
      state = outcome;
      return true;
    }
  }

  @AfterAll
  static void restoreHandler() {
    Weft.setUnhandledExceptionHandler(null);
  }

  @Test
  void modelChecking() {
    Lincheck.modelCheck(PromiseLincheckTest.class, Spec.class);
  }

  @Test
  void stress() {
    Lincheck.stress(PromiseLincheckTest.class, Spec.class);
  }
}
