package dev.weft.internal;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@link Handoff} is loop-confined: completed and given waiters on its loop's thread without atomics, every foreign
 * call hopping to the loop first, and the atomic protocol once the loop is closed. These are the deterministic cases;
 * the races are in runtime-tests ({@code HandoffForeignRaceTest}) and the concurrency module.
 */
class HandoffConfinementTest {

  /** Runs {@code r} on a new thread and waits for it: "another thread" made explicit. */
  private static void onOtherThread(final Runnable r) {
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        r.run();
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "foreign");
    t.start();
    try {
      t.join(TimeUnit.SECONDS.toMillis(20));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    if (failed.get() != null) {
      throw new AssertionError("on the foreign thread", failed.get());
    }
  }

  @Test
  void aForeignCancelIsARequestThatTheLoopCarriesOut() {
    AtomicReference<Boolean> returned = new AtomicReference<>();
    AtomicReference<Boolean> doneRightAfter = new AtomicReference<>();
    Boolean cancelled = run(() -> {
      EventLoop loop = EventLoop.current();
      WaiterQueue<Handoff<String>> q = new WaiterQueue<>();
      Handoff<String> h = new Handoff<>(loop);
      q.addLast(h);
      onOtherThread(() -> {
        returned.set(h.cancel());
        doneRightAfter.set(h.isDone());
      });
      // the loop thread has not turned since: the cancellation waits in its queue
      assertTrue(h.isQueued());
      Promise<Boolean> after = new Promise<>();
      h.onDone(t -> after.complete(h.isCancelled() && !h.isQueued() && loop.inLoopThread()));
      return after;
    });
    assertTrue(returned.get(), "pending when asked: the request is accepted");
    assertFalse(doneRightAfter.get(), "carried out on the loop, not on the calling thread");
    assertTrue(cancelled, "cancelled and unlinked on the loop thread");
  }

  @Test
  void aGrantThatArrivesBeforeAForeignCancelWins() {
    String value = run(() -> {
      EventLoop loop = EventLoop.current();
      Handoff<String> h = new Handoff<>(loop);
      onOtherThread(() -> assertTrue(h.cancel(), "still pending when asked"));
      assertTrue(h.grant("x"), "the grant runs first: the hopped cancel finds it done");
      Promise<String> after = new Promise<>();
      // the hopped cancel waits in the loop's inbox; a short timer fires after it has run
      loop.schedule(java.time.Duration.ofMillis(5), () -> after.complete(h.isCancelled() ? "cancelled" : h.result()));
      return after;
    });
    assertEquals("x", value);
  }

  @Test
  void foreignWaitersAreRegisteredOnTheLoopAndToldOnce() {
    AtomicInteger callbacks = new AtomicInteger();
    AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
    String joined = run(() -> {
      EventLoop loop = EventLoop.current();
      Handoff<String> h = new Handoff<>(loop);
      onOtherThread(() -> {
        h.onDone(t -> callbacks.incrementAndGet());
        future.set(h.toCompletableFuture());
      });
      Promise<String> joinedBy = new Promise<>();
      Thread joiner = new Thread(() -> joinedBy.complete(h.join()), "joiner");
      joiner.start();
      loop.execute(() -> h.grant("v")); // before or after the hopped registrations: each is told once either way
      return joinedBy;
    });
    assertEquals("v", joined);
    assertEquals(1, callbacks.get());
    assertEquals("v", future.get().getNow(null));
  }

  @Test
  void aWaiterAddedAfterTheGrantIsToldAtOnceOnItsOwnThread() {
    AtomicReference<Handoff<String>> leaked = new AtomicReference<>();
    run(() -> {
      Handoff<String> h = new Handoff<>(EventLoop.current());
      assertTrue(h.grant("v"));
      leaked.set(h);
      return done();
    });
    AtomicReference<Thread> toldOn = new AtomicReference<>();
    leaked.get().addWaiter(t -> toldOn.set(Thread.currentThread()));
    assertSame(Thread.currentThread(), toldOn.get());
  }

  @Test
  void afterItsLoopClosedAHandoffFallsBackToTheAtomicProtocol() {
    AtomicReference<Handoff<String>> leaked = new AtomicReference<>();
    run(() -> {
      leaked.set(new Handoff<>(EventLoop.current())); // never granted: pending when the loop closes
      return done();
    });
    Handoff<String> h = leaked.get();
    assertTrue(h.loop().isClosed());
    AtomicReference<Task<String>> told = new AtomicReference<>();
    h.addWaiter(t -> told.set(h)); // no loop to hop to: registered here, atomically
    assertNull(told.get());
    assertTrue(h.cancel(), "cancelled here, at once");
    assertTrue(h.isCancelled());
    assertSame(h, told.get(), "the waiter registered after the close was told");
    assertThrows(CancelledException.class, h::result);
    assertFalse(h.cancel(), "once");
  }
}
