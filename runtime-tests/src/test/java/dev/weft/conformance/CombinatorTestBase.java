package dev.weft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Weft;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Ordering checks for the combinator tests, in the style of kotlinx.coroutines' TestBase: {@code expect(n)} asserts
 * that it is the n-th action, {@code finish(n)} that it is the last. After each test: {@code finish} was reached if
 * any {@code expect} ran, and nothing went to the unhandled-exception handler (no failure was lost or leaked).
 */
abstract class CombinatorTestBase {

  private final AtomicInteger actionIndex = new AtomicInteger();
  private volatile boolean finished;
  private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void captureUnhandled() {
    Weft.setUnhandledExceptionHandler(unhandled::add);
  }

  @AfterEach
  void checkEnd() {
    Weft.setUnhandledExceptionHandler(null);
    if (!unhandled.isEmpty()) {
      AssertionError e = new AssertionError("unexpected unhandled exceptions: " + unhandled);
      unhandled.forEach(e::addSuppressed);
      throw e;
    }
    if (actionIndex.get() != 0 && !finished) {
      fail("finish(...) not reached; last action was " + actionIndex.get());
    }
  }

  /** Asserts that this is action number {@code n}. */
  protected final void expect(final int n) {
    assertEquals(n, actionIndex.incrementAndGet(), "action order");
  }

  /** Asserts that this is the last action, number {@code n}. */
  protected final void finish(final int n) {
    expect(n);
    finished = true;
  }

  /** Fails: this point must not be reached. */
  protected final AssertionError expectUnreached() {
    AssertionError e = new AssertionError("should not be reached; last action was " + actionIndex.get());
    throw e;
  }
}
