package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Ordering checks for the runtime's behaviour tests, in the style of kotlinx.coroutines' TestBase:
 * {@code expect(n)} asserts that it is the n-th action, {@code finish(n)} that it is the last. After each test:
 * {@code finish} was reached if any {@code expect} ran, and nothing went to the unhandled-exception handler (no
 * failure was lost or leaked). A generous per-test bound turns a lost wake-up (a hang) into a failure; it is a
 * liveness bound, not a performance assertion.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AsyncTestBase {

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

  /** Fails: this point must not be reached. Declared to return, so {@code throw expectUnreached()} reads well. */
  protected final AssertionError expectUnreached() {
    throw new AssertionError("should not be reached; last action was " + actionIndex.get());
  }

  /** The unhandled exceptions so far, cleared (so the after-test check accepts them). */
  protected final List<Throwable> takeUnhandled() {
    List<Throwable> all = new ArrayList<>(unhandled);
    unhandled.clear();
    return all;
  }
}
