package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncSemaphoreTest extends AsyncTestBase {

  private int inside;
  private int most;

  @Async
  private Task<Void> bounded(final AsyncSemaphore s) {
    await(s.acquire());
    try {
      inside++;
      most = Math.max(most, inside);
      await(sleep(0));
      inside--;
    } finally {
      s.release();
    }
    return done();
  }

  @Test
  void atMostPermitsHoldersAtOnce() {
    AsyncSemaphore s = new AsyncSemaphore(2);
    run(() -> {
      List<Task<Void>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(spawn(() -> bounded(s)));
      }
      return gather(all);
    });
    assertEquals(2, most);
    assertEquals(2, s.availablePermits());
  }

  @Async
  private Task<Void> countsScenario(final AsyncSemaphore s) {
    expect(1);
    await(s.acquire());
    await(s.acquire());
    assertEquals(0, s.availablePermits());
    assertTrue(s.isLocked());
    Task<Void> w = spawn(() -> {
      expect(3);
      await(s.acquire());
      expect(5);
      return done();
    });
    expect(2);
    await(sleep(0));
    expect(4);
    s.release(); // handed to w: the free count stays zero
    assertEquals(0, s.availablePermits());
    assertFalse(s.tryAcquire(), "no barging past the woken waiter");
    await(w);
    s.release();
    s.release();
    assertEquals(2, s.availablePermits());
    s.release(); // a plain semaphore may go above its initial count
    assertEquals(3, s.availablePermits());
    finish(6);
    return done();
  }

  @Test
  void countsAndHandsPermitsOver() {
    run(() -> countsScenario(new AsyncSemaphore(2)));
  }

  @Test
  void boundedSemaphoreRefusesReleaseBeyondItsInitialValue() {
    AsyncBoundedSemaphore s = new AsyncBoundedSemaphore(1);
    run(() -> {
      await(s.acquire());
      s.release();
      IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
      assertEquals("AsyncBoundedSemaphore.release(): released more times than acquired (free permits: 1, initial: 1)",
          e.getMessage());
      assertEquals(1, s.availablePermits());
      return done();
    });
  }

  @Async
  private Task<Void> cancelScenario(final AsyncSemaphore s) {
    expect(1);
    await(s.acquire());
    Task<Void> pending = spawn(() -> {
      expect(2);
      try {
        await(s.acquire()); // cancelled while waiting
        expectUnreached();
      } finally {
        expect(6);
      }
      return done();
    });
    Task<Void> handed = spawn(() -> {
      expect(3);
      await(s.acquire()); // handed a permit, then cancelled before it resumes
      expectUnreached();
      return done();
    });
    Task<Void> last = spawn(() -> {
      expect(4);
      await(s.acquire());
      expect(8);
      s.release();
      return done();
    });
    await(sleep(0));
    expect(5);
    pending.cancel();
    await(sleep(0)); // pending leaves the queue
    expect(7);
    s.release();     // handed to "handed"
    handed.cancel(); // before it runs: its permit passes on to "last"
    await(last);
    assertTrue(pending.isCancelled());
    assertTrue(handed.isCancelled());
    assertEquals(1, s.availablePermits(), "no permit lost or created");
    finish(9);
    return done();
  }

  @Test
  void cancelledAcquiresNeitherLoseNorLeakPermits() {
    AsyncBoundedSemaphore s = new AsyncBoundedSemaphore(1);
    run(() -> cancelScenario(s));
  }

  @Test
  void cancelledAcquireRaisesAtTheAwait() {
    run(() -> {
      AsyncSemaphore s = new AsyncSemaphore(0);
      Task<Void> t = spawn(() -> {
        await(s.acquire());
        return done();
      });
      await(sleep(0));
      t.cancel();
      try {
        await(t);
        expectUnreached();
      } catch (CancelledException e) {
        assertTrue(t.isCancelled());
      }
      return done();
    });
  }
}
