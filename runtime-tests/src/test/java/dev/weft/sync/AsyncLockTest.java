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

class AsyncLockTest extends AsyncTestBase {

  private final AsyncLock lock = new AsyncLock();

  @Async
  private Task<Void> critical(final List<String> log, final String name) {
    await(lock.acquire());
    try {
      log.add(name + "+");
      await(sleep(0));          // other tasks run here, but none may enter
      await(sleep(0));
      log.add(name + "-");
    } finally {
      lock.release();
    }
    return done();
  }

  @Test
  void mutualExclusionAcrossSuspensions() {
    List<String> log = new ArrayList<>();
    run(() -> {
      Task<Void> a = spawn(() -> critical(log, "a"));
      Task<Void> b = spawn(() -> critical(log, "b"));
      Task<Void> c = spawn(() -> critical(log, "c"));
      return gather(a, b, c);
    });
    assertEquals(List.of("a+", "a-", "b+", "b-", "c+", "c-"), log);
    assertFalse(lock.isLocked());
  }

  @Async
  private Task<Void> handoverScenario() {
    expect(1);
    await(lock.acquire()); // free: no suspension
    Task<Void> b = spawn(() -> {
      expect(3);
      await(lock.acquire());
      expect(6);
      lock.release();
      return done();
    });
    Task<Void> c = spawn(() -> {
      expect(4);
      await(lock.acquire());
      expect(7);
      lock.release();
      return done();
    });
    expect(2);
    await(sleep(0)); // b, then c, queue for the lock
    expect(5);
    lock.release(); // handed to b, which has not run yet
    assertTrue(lock.isLocked(), "handed over, not unlocked");
    assertFalse(lock.tryAcquire(), "a newcomer must not barge ahead of the woken waiter");
    await(gather(b, c));
    assertFalse(lock.isLocked());
    finish(8);
    return done();
  }

  @Test
  void releaseHandsOverInArrivalOrderAndNewcomersCannotBarge() {
    run(this::handoverScenario);
  }

  @Async
  private Task<Void> cancelWaitingScenario() {
    expect(1);
    await(lock.acquire());
    Task<Void> w = spawn(() -> {
      expect(3);
      try {
        await(lock.acquire()); // cancelled here
        try {
          expectUnreached();
        } finally {
          lock.release();
        }
      } finally {
        expect(5);
      }
      return done();
    });
    expect(2);
    await(sleep(0));
    expect(4);
    w.cancel();
    try {
      await(w);
      expectUnreached();
    } catch (CancelledException e) {
      expect(6);
    }
    assertTrue(w.isCancelled());
    lock.release();
    assertFalse(lock.isLocked(), "the cancelled waiter must not get the lock");
    assertTrue(lock.tryAcquire());
    lock.release();
    finish(7);
    return done();
  }

  @Test
  void cancelledWhileWaitingLeavesTheQueueWithoutTheLock() {
    run(this::cancelWaitingScenario);
  }

  @Async
  private Task<Void> cancelAfterHandoverScenario() {
    expect(1);
    await(lock.acquire());
    Task<Void> b = spawn(() -> {
      expect(3);
      try {
        await(lock.acquire()); // the lock is handed over, then the cancellation wins
        expectUnreached();
      } catch (CancelledException e) {
        expect(6);
        throw e;
      }
      return done();
    });
    Task<Void> c = spawn(() -> {
      expect(4);
      await(lock.acquire());
      expect(7); // the lock b never took passed on to c
      lock.release();
      return done();
    });
    expect(2);
    await(sleep(0));
    expect(5);
    lock.release(); // handed to b: b is queued to resume with the lock
    b.cancel();     // but is cancelled before it runs
    await(c);
    assertTrue(b.isCancelled());
    assertFalse(lock.isLocked(), "not leaked");
    finish(8);
    return done();
  }

  @Test
  void cancelledAfterHandoverPassesTheLockOn() {
    run(this::cancelAfterHandoverScenario);
  }

  @Async
  private Task<Integer> withLockScenario() {
    List<String> log = new ArrayList<>();
    Task<Integer> a = lock.withLock(() -> {
      log.add("a+");
      await(sleep(0));
      log.add("a-");
      return done(1);
    });
    Task<Integer> b = lock.withLock(() -> {
      log.add("b+");
      return done(2);
    });
    assertEquals(List.of("a+"), log, "a free lock runs the body at once; b waits");
    int sum = await(a) + await(b);
    assertEquals(List.of("a+", "a-", "b+"), log);
    assertFalse(lock.isLocked());
    return done(sum);
  }

  @Test
  void withLockRunsBodiesOneAtATimeAndReleases() {
    assertEquals(3, run(this::withLockScenario));
  }

  @Async
  private Task<Void> withLockFailureScenario() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    try {
      await(lock.withLock(() -> {
        await(sleep(0));
        throw boom;
      }));
      expectUnreached();
    } catch (IllegalArgumentException e) {
      expect(1);
      assertTrue(e == boom, "the original exception");
    }
    assertFalse(lock.isLocked(), "released on failure");
    await(lock.acquire());
    Task<Integer> waiting = lock.withLock(() -> {
      expectUnreached();
      return done(0);
    });
    await(sleep(0));
    waiting.cancel();
    try {
      await(waiting);
      expectUnreached();
    } catch (CancelledException e) {
      expect(2);
    }
    Task<Void> running = spawn(() -> lock.withLock(() -> {
      expect(3);
      try {
        await(sleep(1_000_000));
      } finally {
        expect(5);
      }
      return done();
    }));
    lock.release();
    await(sleep(0));
    await(sleep(0));
    expect(4);
    running.cancel(); // cancels the body's task; the lock is released when it ends
    try {
      await(running);
      expectUnreached();
    } catch (CancelledException e) {
      expect(6);
    }
    assertFalse(lock.isLocked(), "released on cancellation");
    finish(7);
    return done();
  }

  @Test
  void withLockReleasesOnFailureAndCancellation() {
    run(this::withLockFailureScenario);
  }

  @Test
  void releasingAnUnlockedLockThrows() {
    run(() -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
      assertEquals("AsyncLock.release(): the lock is not locked", e.getMessage());
      return done();
    });
  }
}
