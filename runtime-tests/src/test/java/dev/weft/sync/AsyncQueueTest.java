package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncQueueTest extends AsyncTestBase {

  @Test
  void putAndGetKeepFifoOrder() {
    AsyncQueue<String> q = new AsyncQueue<>();
    List<String> got = run(() -> {
      await(q.put("a"));
      assertTrue(q.offer("b"));
      await(q.put("c"));
      assertEquals(3, q.size());
      assertFalse(q.isFull(), "unbounded");
      List<String> out = new ArrayList<>();
      out.add(await(q.get()));
      out.add(q.poll());
      out.add(await(q.get()));
      assertNull(q.poll(), "empty: poll never waits");
      assertTrue(q.isEmpty());
      return done(out);
    });
    assertEquals(List.of("a", "b", "c"), got);
  }

  @Async
  private Task<Void> boundedScenario(final AsyncQueue<Integer> q) {
    expect(1);
    await(q.put(1)); // room: no suspension
    assertTrue(q.isFull());
    assertFalse(q.offer(99), "full: offer refuses");
    Task<Void> putter = spawn(() -> {
      expect(3);
      await(q.put(2)); // full: waits for a get
      expect(6);
      return done();
    });
    expect(2);
    await(sleep(0));
    expect(4);
    assertFalse(putter.isDone());
    assertEquals(1, (int) await(q.get())); // frees room: the waiting putter's item moves in at once
    expect(5);
    assertEquals(1, q.size());
    assertTrue(q.isFull());
    assertFalse(q.offer(3), "the room went to the waiting putter, not to a newcomer");
    await(putter);
    assertEquals(2, (int) await(q.get()));
    finish(7);
    return done();
  }

  @Test
  void boundedPutWaitsUntilAGetMakesRoom() {
    run(() -> boundedScenario(new AsyncQueue<>(1)));
  }

  @Async
  private Task<Void> getterScenario(final AsyncQueue<String> q) {
    expect(1);
    Task<String> a = spawn(() -> {
      expect(3);
      String s = await(q.get());
      expect(6);
      return done(s);
    });
    Task<String> b = spawn(() -> {
      expect(4);
      String s = await(q.get());
      expect(7);
      return done(s);
    });
    expect(2);
    await(sleep(0));
    expect(5);
    await(q.put("x")); // straight to the oldest getter
    assertTrue(q.offer("y"));
    assertNull(q.poll(), "both items went to the waiting getters, none to this newcomer");
    assertEquals("x", await(a));
    assertEquals("y", await(b));
    finish(8);
    return done();
  }

  @Test
  void putsGoToWaitingGettersInArrivalOrder() {
    run(() -> getterScenario(new AsyncQueue<>(1)));
  }

  @Async
  private Task<Void> joinScenario(final AsyncQueue<String> q) {
    expect(1);
    await(q.join()); // nothing unfinished
    await(q.put("a"));
    await(q.put("b"));
    Task<Void> joiner = spawn(() -> {
      expect(3);
      await(q.join());
      expect(7);
      return done();
    });
    expect(2);
    await(sleep(0));
    expect(4);
    await(q.get());
    await(q.get());
    q.taskDone();
    expect(5);
    await(sleep(0));
    assertFalse(joiner.isDone(), "one item is still unfinished");
    expect(6);
    q.taskDone();
    await(joiner);
    assertThrows(IllegalStateException.class, q::taskDone);
    finish(8);
    return done();
  }

  @Test
  void joinWaitsUntilEveryItemIsTaskDone() {
    run(() -> joinScenario(new AsyncQueue<>()));
  }

  @Async
  private Task<Void> shutdownWakesScenario() {
    AsyncQueue<String> empty = new AsyncQueue<>();
    AsyncQueue<String> full = new AsyncQueue<>(1);
    await(full.put("kept"));
    Task<String> getter = spawn(() -> empty.get());
    Task<Void> putter = spawn(() -> full.put("refused"));
    await(sleep(0));
    expect(1);
    empty.shutdown();
    full.shutdown();
    try {
      await(getter);
      expectUnreached();
    } catch (QueueShutDownException e) {
      expect(2);
      assertEquals("AsyncQueue.get(): the queue is shut down and empty", e.getMessage());
    }
    try {
      await(putter);
      expectUnreached();
    } catch (QueueShutDownException e) {
      expect(3);
      assertEquals("AsyncQueue.put(): the queue is shut down", e.getMessage());
    }
    assertEquals(1, full.size(), "the waiting putter's item never went in");
    assertEquals("kept", await(full.get()));
    finish(4);
    return done();
  }

  @Test
  void shutdownWakesWaitingGettersAndPutters() {
    run(this::shutdownWakesScenario);
  }

  @Async
  private Task<Void> drainScenario(final AsyncQueue<String> q) {
    expect(1);
    await(q.put("a"));
    await(q.put("b"));
    q.shutdown();
    assertTrue(q.isShutDown());
    try {
      await(q.put("c"));
      expectUnreached();
    } catch (QueueShutDownException e) {
      expect(2);
    }
    assertThrows(QueueShutDownException.class, () -> q.offer("c"));
    assertEquals("a", await(q.get())); // what is left can still be taken
    assertEquals("b", q.poll());
    try {
      await(q.get());
      expectUnreached();
    } catch (QueueShutDownException e) {
      expect(3);
    }
    assertThrows(QueueShutDownException.class, q::poll);
    finish(4);
    return done();
  }

  @Test
  void getDrainsRemainingItemsAfterShutdownThenFails() {
    run(() -> drainScenario(new AsyncQueue<>()));
  }

  @Async
  private Task<Void> immediateScenario(final AsyncQueue<String> q) {
    await(q.put("a"));
    await(q.put("b"));
    Task<Void> joiner = spawn(() -> q.join());
    await(sleep(0));
    q.shutdown(true); // drops a and b, which count as done
    await(joiner);
    assertTrue(q.isEmpty());
    assertThrows(QueueShutDownException.class, q::poll);
    return done();
  }

  @Test
  void immediateShutdownDropsItemsAndReleasesJoin() {
    run(() -> immediateScenario(new AsyncQueue<>()));
  }

  @Async
  private Task<Void> cancelGetScenario(final AsyncQueue<String> q) {
    expect(1);
    Task<String> first = spawn(() -> {
      expect(2);
      try {
        return done(await(q.get())); // cancelled while waiting
      } finally {
        expect(5);
      }
    });
    Task<String> second = spawn(() -> {
      expect(3);
      String s = await(q.get());
      expect(7);
      return done(s);
    });
    await(sleep(0));
    expect(4);
    first.cancel();
    try {
      await(first);
      expectUnreached();
    } catch (CancelledException e) {
      expect(6);
    }
    await(q.put("only")); // goes to the getter still waiting, not the cancelled one
    assertEquals("only", await(second));
    finish(8);
    return done();
  }

  @Test
  void cancelledWaitingGetTakesNothing() {
    run(() -> cancelGetScenario(new AsyncQueue<>()));
  }

  @Async
  private Task<Void> cancelHandedGetScenario(final AsyncQueue<String> q) {
    expect(1);
    Task<String> getter = spawn(() -> {
      expect(2);
      try {
        return done(await(q.get())); // handed "first", then cancelled before it resumes
      } finally {
        expect(4);
      }
    });
    await(sleep(0));
    expect(3);
    await(q.put("first")); // straight to the getter
    assertTrue(q.isEmpty());
    getter.cancel();
    await(q.put("second"));
    try {
      await(getter);
      expectUnreached();
    } catch (CancelledException e) {
      expect(5);
    }
    assertEquals(2, q.size(), "the item the cancelled getter never took is back");
    assertEquals("first", await(q.get()), "at the front");
    assertEquals("second", await(q.get()));
    finish(6);
    return done();
  }

  @Test
  void getterCancelledAfterHandoverGivesTheItemBack() {
    run(() -> cancelHandedGetScenario(new AsyncQueue<>()));
  }

  @Async
  private Task<Void> cancelPutScenario(final AsyncQueue<String> q) {
    expect(1);
    await(q.put("in"));
    Task<Void> putter = spawn(() -> {
      expect(2);
      try {
        await(q.put("never")); // full: waits, then is cancelled
        expectUnreached();
      } finally {
        expect(4);
      }
      return done();
    });
    await(sleep(0));
    expect(3);
    putter.cancel();
    try {
      await(putter);
      expectUnreached();
    } catch (CancelledException e) {
      expect(5);
    }
    assertEquals("in", await(q.get()));
    assertTrue(q.isEmpty(), "the cancelled put's item never entered");
    assertTrue(q.offer("next"), "and it holds no room");
    finish(6);
    return done();
  }

  @Test
  void cancelledWaitingPutPutsNothing() {
    run(() -> cancelPutScenario(new AsyncQueue<>(1)));
  }

  @Test
  void nullItemsAreRefused() {
    AsyncQueue<String> q = new AsyncQueue<>();
    run(() -> {
      assertThrows(NullPointerException.class, () -> q.put(null));
      assertThrows(NullPointerException.class, () -> q.offer(null));
      return done();
    });
  }
}
