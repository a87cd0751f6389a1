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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncBarrierTest extends AsyncTestBase {

  private final AsyncBarrier barrier = new AsyncBarrier(3);
  private final List<String> log = new ArrayList<>();

  @Async
  private Task<Void> party(final String name) {
    for (int round = 1; round <= 2; round++) {
      log.add(name + round);
      int index = await(barrier.arrive());
      log.add(name + round + "#" + index);
    }
    return done();
  }

  @Test
  void threePartiesOverTwoRounds() {
    run(() -> gather(spawn(() -> party("a")), spawn(() -> party("b")), spawn(() -> party("c"))));
    // Nobody passes a round before all three arrived; the last arrival (c) passes first, index 2, without waiting;
    // the woken a and b follow with 0 and 1. In round 2, c arrives first.
    assertEquals(List.of(
        "a1", "b1", "c1", "c1#2", "c2", "a1#0", "a2", "b1#1", "b2", "b2#2", "c2#0", "a2#1"), log);
    assertEquals(0, barrier.waiting());
  }

  @Async
  private Task<Void> abortScenario() {
    expect(1);
    Task<Integer> a = spawn(() -> barrier.arrive());
    Task<Integer> b = spawn(() -> barrier.arrive());
    await(sleep(0));
    expect(2);
    assertEquals(2, barrier.waiting());
    barrier.abort();
    assertTrue(barrier.isBroken());
    try {
      await(a);
      expectUnreached();
    } catch (BarrierBrokenException e) {
      expect(3);
      assertFalse(e.isReset());
    }
    try {
      await(b);
      expectUnreached();
    } catch (BarrierBrokenException e) {
      expect(4);
    }
    try {
      await(barrier.arrive()); // broken: fails at once
      expectUnreached();
    } catch (BarrierBrokenException e) {
      expect(5);
    }
    barrier.reset();
    assertFalse(barrier.isBroken());
    Task<Integer> c = spawn(() -> barrier.arrive());
    await(sleep(0));
    barrier.reset(); // a reset fails the waiters too, flagged as a reset
    try {
      await(c);
      expectUnreached();
    } catch (BarrierBrokenException e) {
      expect(6);
      assertTrue(e.isReset());
    }
    finish(7);
    return done();
  }

  @Test
  void abortBreaksWaitersAndLaterArrivalsUntilReset() {
    run(this::abortScenario);
  }

  @Async
  private Task<Void> cancelScenario() {
    Task<Integer> gone = spawn(() -> barrier.arrive());
    Task<Integer> a = spawn(() -> barrier.arrive());
    await(sleep(0));
    gone.cancel();
    await(sleep(0));
    assertTrue(gone.isCancelled());
    assertEquals(1, barrier.waiting(), "the cancelled party left the round");
    Task<Integer> b = spawn(() -> barrier.arrive());
    await(sleep(0));
    assertFalse(a.isDone(), "two live parties of three: still waiting");
    int last = await(barrier.arrive());
    assertEquals(2, last);
    assertEquals(0, (int) await(a));
    assertEquals(1, (int) await(b));
    return done();
  }

  @Test
  void cancelledPartyLeavesTheRound() {
    run(this::cancelScenario);
  }

  @Test
  void cancelledArriveRaisesCancelled() {
    run(() -> {
      Task<Integer> t = spawn(() -> barrier.arrive());
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
