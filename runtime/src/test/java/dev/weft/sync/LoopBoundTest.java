package dev.weft.sync;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.TestBase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The single-loop rule of dev.weft.sync, and cancellation of a waiter from another thread. */
class LoopBoundTest extends TestBase {

  @Test
  void withoutALoopAnOperationNamesWeftRun() {
    AsyncQueue<String> q = new AsyncQueue<>();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.offer("x"));
    assertTrue(e.getMessage().startsWith("AsyncQueue.offer() needs a running event loop on this thread ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("call it inside Weft.run(...)"), e.getMessage());
  }

  @Test
  void useFromAnotherThreadIsRefused() {
    AsyncLock lock = new AsyncLock();
    AtomicReference<Throwable> offThread = new AtomicReference<>();
    run(() -> {
      assertTrue(lock.tryAcquire()); // binds the lock to this loop
      // Blocking the loop thread for a moment is fine here: the other thread needs nothing from the loop.
      CompletableFuture.runAsync(() -> {
        try {
          lock.release();
        } catch (Throwable t) {
          offThread.set(t);
        }
      }).join();
      lock.release();
      return done();
    });
    assertTrue(offThread.get() instanceof IllegalStateException, String.valueOf(offThread.get()));
    assertTrue(offThread.get().getMessage().contains("belongs to another event loop"),
        offThread.get().getMessage());
    assertFalse(lock.isLocked(), "queries work anywhere");
  }

  @Test
  void aSecondLoopCannotAdoptAPrimitive() {
    AsyncEvent event = new AsyncEvent();
    run(() -> {
      event.set();
      return done();
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> {
      event.clear();
      return done();
    }));
    assertTrue(e.getMessage().contains("belongs to another event loop (closed)"), e.getMessage());
  }

  @Test
  void aWaiterCancelledFromAnotherThreadIsSkippedOnRelease() {
    AsyncLock lock = new AsyncLock();
    run(() -> {
      assertTrue(lock.tryAcquire());
      Task<Void> w = lock.acquire();
      CompletableFuture.runAsync(() -> assertTrue(w.cancel())).join();
      assertTrue(w.isCancelled());
      lock.release(); // the cancelled waiter is still linked (its unlink hops to the loop) but is skipped
      assertFalse(lock.isLocked());
      assertTrue(lock.tryAcquire(), "no stale waiter blocks a newcomer");
      lock.release();
      return dev.weft.Weft.sleep(0); // let the queued unlink run: it finds nothing to do
    });
  }

  @Test
  void invalidArgumentsAreRefused() {
    assertEquals("permits: -1 (expected: >= 0)",
        assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(-1)).getMessage());
    assertEquals("parties: 0 (expected: >= 1)",
        assertThrows(IllegalArgumentException.class, () -> new AsyncBarrier(0)).getMessage());
    assertEquals("maxsize: -1 (expected: >= 0, 0 for unbounded)",
        assertThrows(IllegalArgumentException.class, () -> new AsyncQueue<>(-1)).getMessage());
  }
}
