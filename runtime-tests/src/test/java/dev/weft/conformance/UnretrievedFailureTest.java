package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.taskGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.task.TaskGroup;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed task whose exception nobody retrieved is reported exactly once: when it is garbage-collected, or when its
 * loop closes, whichever comes first; a retrieved one never.
 */
class UnretrievedFailureTest {

  /** Generous liveness bound for the collector and the cleaner thread (not a performance threshold). */
  private static final long GC_PATIENCE_NANOS = 20_000_000_000L;

  private final List<Throwable> reported = new CopyOnWriteArrayList<>();
  private Task<?> held;

  @BeforeEach
  void capture() {
    Weft.setUnhandledExceptionHandler(reported::add);
  }

  @AfterEach
  void restore() {
    Weft.setUnhandledExceptionHandler(null);
  }

  @Async
  private static Task<Void> failing(final String message) {
    await(sleep(0));
    throw new IllegalStateException(message);
  }

  @Async
  private Task<Void> dropsAFailingTask() {
    WeakReference<Task<Void>> ref = new WeakReference<>(spawn("lost", () -> failing("collected")));
    long deadline = System.nanoTime() + GC_PATIENCE_NANOS;
    while (reported.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      await(sleep(10));
    }
    assertNull(ref.get(), "the failed task was collected");
    assertEquals(1, reported.size());
    assertEquals("collected", reported.get(0).getMessage());
    return done();
  }

  @Test
  void aCollectedTaskIsReportedOnceAndNotAgainAtClose() {
    run(this::dropsAFailingTask);
    assertEquals(1, reported.size(), "not reported again when the loop closed");
  }

  @Async
  private Task<Void> holdsAFailingTask() {
    held = spawn("kept", () -> failing("kept until close"));
    await(sleep(0));
    await(sleep(0));
    await(sleep(0));
    assertTrue(held.isDone());
    assertEquals(0, reported.size(), "still referenced, loop running: not yet");
    return done();
  }

  @Test
  void aReferencedTaskIsReportedWhenItsLoopClosesAndNotAgainWhenCollected() throws InterruptedException {
    run(this::holdsAFailingTask);
    assertEquals(1, reported.size());
    assertEquals("kept until close", reported.get(0).getMessage());
    WeakReference<Task<?>> ref = new WeakReference<>(held);
    held = null;
    long deadline = System.nanoTime() + GC_PATIENCE_NANOS;
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(ref.get());
    System.gc();
    Thread.sleep(200); // give the cleaner thread its chance to (wrongly) report a second time
    assertEquals(1, reported.size(), "exactly once");
  }

  @Async
  private Task<Void> retrieves() {
    Task<Void> t = spawn(() -> failing("seen"));
    try {
      await(t);
    } catch (IllegalStateException e) {
      assertEquals("seen", e.getMessage());
    }
    t = null;
    for (int i = 0; i < 3; i++) {
      System.gc();
      await(sleep(10));
    }
    return done();
  }

  @Test
  void aRetrievedFailureIsNeverReported() throws InterruptedException {
    run(this::retrieves);
    System.gc();
    Thread.sleep(100);
    assertEquals(List.of(), reported);
  }

  @Async
  private static Task<Void> gathersItsChildren(final TaskGroup g) {
    Task<Void> failing = g.spawn(() -> failing("first"));
    Task<Void> slow = g.spawn(() -> sleep(10_000));
    await(gather(failing, slow)); // fails with "first" just as the scope, aborting, cancels this body
    return done();
  }

  @Async
  private static Task<String> scopeFailsThroughAGather() {
    try {
      await(taskGroup(UnretrievedFailureTest::gathersItsChildren));
      return done("no failure");
    } catch (IllegalStateException e) {
      return done(e.getMessage());
    }
  }

  /**
   * Found by TEST-PLAN #21's harness: a scope body awaiting {@code gather} of its children. A child fails; the
   * scope, aborting, cancels the body, and the gather fails with the same exception; the body receives the
   * cancellation, so the gather's copy of the failure is never retrieved, though the scope carries the very same
   * exception to its awaiter. One exception, retrieved once: it must not be reported as well.
   */
  @Test
  void aFailureRetrievedThroughOneTaskIsNotReportedThroughAnotherCarryingIt() throws InterruptedException {
    assertEquals("first", run(UnretrievedFailureTest::scopeFailsThroughAGather));
    System.gc();
    Thread.sleep(100);
    assertEquals(List.of(), reported);
  }

  @Test
  void theDefaultHandlerLogsTheTaskNameAndStackTrace() {
    Weft.setUnhandledExceptionHandler(null);
    Logger jul = Logger.getLogger("dev.weft");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(final LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    jul.addHandler(h);
    try {
      run(this::holdsAFailingTask);
    } finally {
      jul.removeHandler(h);
    }
    LogRecord r = records.stream().filter(x -> x.getThrown() != null).findFirst().orElseThrow();
    assertTrue(r.getMessage().contains("Task 'kept' failed and its exception was never retrieved"), r.getMessage());
    assertEquals("kept until close", r.getThrown().getMessage());
    assertSame(IllegalStateException.class, r.getThrown().getClass());
  }
}
