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

class AsyncConditionTest extends AsyncTestBase {

  private final AsyncCondition cond = new AsyncCondition();
  private final List<String> log = new ArrayList<>();

  @Async
  private Task<Void> waitForSignal(final String name) {
    await(cond.acquire());
    try {
      log.add(name + " waits");
      await(cond.awaitSignal());
      assertTrue(cond.isLocked(), "the lock is held again after awaitSignal");
      log.add(name + " woke");
    } finally {
      cond.release();
    }
    return done();
  }

  @Async
  private Task<Void> signalOneScenario() {
    Task<Void> a = spawn(() -> waitForSignal("a"));
    Task<Void> b = spawn(() -> waitForSignal("b"));
    await(sleep(0));
    assertFalse(cond.isLocked(), "awaitSignal releases the lock while waiting");
    await(cond.acquire());
    log.add("signal 1");
    cond.signal(); // wakes a, the oldest; it then needs the lock, which we still hold
    await(sleep(0));
    log.add("still holding");
    cond.release();
    await(a);
    await(cond.acquire());
    log.add("signal 2");
    cond.signal();
    cond.release();
    await(b);
    return done();
  }

  @Test
  void signalWakesTheOldestWaiterWhichRetakesTheLock() {
    run(this::signalOneScenario);
    assertEquals(List.of("a waits", "b waits", "signal 1", "still holding", "a woke", "signal 2", "b woke"), log);
  }

  @Async
  private Task<Void> signalAllScenario() {
    Task<Void> a = spawn(() -> waitForSignal("a"));
    Task<Void> b = spawn(() -> waitForSignal("b"));
    Task<Void> c = spawn(() -> waitForSignal("c"));
    await(sleep(0));
    await(cond.acquire());
    cond.signalAll();
    cond.release();
    await(gather(a, b, c));
    return done();
  }

  @Test
  void signalAllWakesEveryWaiterInOrder() {
    run(this::signalAllScenario);
    assertEquals(List.of("a waits", "b waits", "c waits", "a woke", "b woke", "c woke"), log);
  }

  private int counter;

  @Async
  private Task<Integer> untilScenario() {
    Task<Void> w = spawn(() -> {
      expect(2);
      await(cond.acquire());
      try {
        await(cond.awaitUntil(() -> counter >= 3));
        expect(6);
        assertTrue(counter >= 3);
      } finally {
        cond.release();
      }
      return done();
    });
    expect(1);
    await(sleep(0));
    for (int i = 0; i < 3; i++) {
      expect(3 + i);
      await(cond.acquire());
      counter++;
      cond.signalAll(); // the waiter re-checks each time, but only goes on when counter >= 3
      cond.release();
      await(sleep(0));
      await(sleep(0));
    }
    await(w);
    finish(7);
    return done(counter);
  }

  @Test
  void awaitUntilRechecksThePredicateAfterEachSignal() {
    assertEquals(3, run(this::untilScenario));
  }

  @Async
  private Task<Void> cancelScenario() {
    expect(1);
    Task<Void> w = spawn(() -> {
      expect(2);
      await(cond.acquire());
      try {
        await(cond.awaitSignal()); // cancelled here, while we hold the lock elsewhere
        expectUnreached();
      } catch (CancelledException e) {
        expect(5);
        assertTrue(cond.isLocked(), "a cancelled wait ends with the lock held");
        throw e;
      } finally {
        cond.release();
      }
      return done();
    });
    await(sleep(0));
    expect(3);
    await(cond.acquire()); // the waiter released it in awaitSignal
    w.cancel();
    await(sleep(0));
    await(sleep(0));
    expect(4);            // the cancelled waiter needs the lock before it can end: it waits for us
    assertFalse(w.isDone());
    cond.release();
    try {
      await(w);
    } catch (CancelledException e) {
      expect(6);
    }
    assertFalse(cond.isLocked());
    finish(7);
    return done();
  }

  @Test
  void cancelledWaitRetakesTheLockBeforeRaising() {
    run(this::cancelScenario);
  }

  @Async
  private Task<Void> passOnScenario() {
    Task<Void> a = spawn(() -> waitForSignal("a"));
    Task<Void> b = spawn(() -> waitForSignal("b"));
    await(sleep(0));
    await(cond.acquire());
    log.add("signal");
    cond.signal(); // reaches a, which now queues for the lock we hold
    a.cancel();    // a gives up before using the signal: it passes on to b
    cond.release();
    try {
      await(a);
      expectUnreached();
    } catch (CancelledException e) {
      log.add("a cancelled");
    }
    await(b);
    return done();
  }

  @Test
  void waiterCancelledAfterItsSignalPassesTheSignalOn() {
    run(this::passOnScenario);
    // b wakes although only one signal was sent, and it went to a first. (When the main task sees a's end relative
    // to b's wake-up depends on how many turns a spawned task's completion takes: not asserted.)
    assertEquals(List.of("a waits", "b waits", "signal"), log.subList(0, 3));
    assertEquals(5, log.size());
    assertTrue(log.containsAll(List.of("a cancelled", "b woke")), log.toString());
  }

  @Test
  void waitingOrSignallingWithoutTheLockThrows() {
    run(() -> {
      assertThrows(IllegalStateException.class, cond::awaitSignal);
      assertThrows(IllegalStateException.class, cond::signal);
      assertThrows(IllegalStateException.class, cond::signalAll);
      return done();
    });
  }
}
