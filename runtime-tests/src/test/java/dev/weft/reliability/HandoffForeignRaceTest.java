package dev.weft.reliability;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import dev.weft.sync.AsyncQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The hand-offs of {@code dev.weft.sync} (the tasks a queue {@code get} or a lock {@code acquire} returns) are
 * granted on the loop thread and may be cancelled or watched from any other. This races the two, many thousand
 * times, two foreign threads released together by a barrier per iteration, the loop turning meanwhile:
 * <ul>
 *   <li>a task suspended in {@code AsyncQueue.get()} is cancelled from one thread while another has the loop put an
 *       item: the body resumes exactly once (the item xor a {@code CancelledException}), and the item is never lost
 *       (taken by the task, or back in the queue);</li>
 *   <li>a bare {@code get()} task (nobody awaits it) is cancelled from one thread while the loop puts an item, and
 *       the same task is watched from that thread ({@code onDone}, {@code toCompletableFuture}): it ends exactly
 *       once, each watcher is told once with that outcome, and the item is taken xor still queued.</li>
 * </ul>
 * Short form 5,000 iterations each; {@code -Dweft.long=true}: 100,000.
 */
class HandoffForeignRaceTest {

  private static final int ITERATIONS = Scale.pick(5_000, 100_000);
  private static final int BATCH = 500;
  private static final Duration LIVENESS = Duration.ofSeconds(Scale.pick(120, 1_200));

  private static final class Tally {
    final AtomicIntegerArray got = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray cancelled = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray ended = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray left = new AtomicIntegerArray(ITERATIONS);
  }

  @Async
  private static Task<Integer> getter(final AsyncQueue<Integer> q, final Tally tally, final int i) {
    int v;
    try {
      v = await(q.get());
    } catch (CancelledException e) {
      tally.cancelled.incrementAndGet(i);
      throw e;
    }
    tally.got.incrementAndGet(i);
    return done(v);
  }

  /** One batch of suspended getters; a putter (through the loop) and a canceller race through them pair by pair. */
  @Async
  private static Task<Void> suspendedBatch(final int first, final Tally tally) {
    EventLoop loop = EventLoop.current();
    int n = Math.min(BATCH, ITERATIONS - first);
    List<AsyncQueue<Integer>> queues = new ArrayList<>(n);
    List<Task<Integer>> tasks = new ArrayList<>(n);
    Promise<Void> allEnded = new Promise<>();
    int[] remaining = {n};
    for (int k = 0; k < n; k++) {
      int i = first + k;
      AsyncQueue<Integer> q = new AsyncQueue<>();
      Task<Integer> t = getter(q, tally, i);
      t.onDone(x -> {
        tally.ended.incrementAndGet(i);
        if (--remaining[0] == 0) {
          allEnded.complete(null);
        }
      });
      queues.add(q);
      tasks.add(t);
    }
    await(race(n, k -> loop.execute(() -> queues.get(k).offer(first + k)), k -> tasks.get(k).cancel()));
    await(allEnded); // the racers' loop work was queued before the race's end resumed us: all ran by now
    for (int k = 0; k < n; k++) {
      tally.left.set(first + k, queues.get(k).size());
    }
    return done();
  }

  @Async
  private static Task<Void> allSuspended(final Tally tally) {
    for (int first = 0; first < ITERATIONS; first += BATCH) {
      await(suspendedBatch(first, tally));
    }
    return done();
  }

  @Test
  void aForeignCancelRacingAGrantResumesTheGetterOnceAndLosesNoItem() {
    Tally tally = new Tally();
    List<Throwable> unhandled = new java.util.concurrent.CopyOnWriteArrayList<>();
    Weft.setUnhandledExceptionHandler(unhandled::add);
    long started = System.nanoTime();
    try {
      assertTimeoutPreemptively(LIVENESS, () -> run(() -> allSuspended(tally)), "a wake-up was lost");
    } finally {
      Weft.setUnhandledExceptionHandler(null);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    int got = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String at = "iteration " + i;
      assertEquals(1, tally.ended.get(i), at + ": task ended once");
      assertEquals(1, tally.got.get(i) + tally.cancelled.get(i), at + ": resumed once (item xor cancellation)");
      assertEquals(1, tally.got.get(i) + tally.left.get(i), at + ": the item was taken or is still queued");
      got += tally.got.get(i);
    }
    System.out.printf("HandoffForeignRaceTest (suspended getters): %d iterations in %d ms: item taken %d, "
        + "cancelled %d (item back in the queue); each resumed once, no item lost%n", ITERATIONS, millis, got,
        ITERATIONS - got);
    assertEquals(List.of(), unhandled);
  }

  @Test
  void aBareHandoffCancelledAndWatchedFromAnotherThreadEndsOnceForEveryWatcher() {
    int[] outcome = new int[ITERATIONS]; // 1: got the item, 2: cancelled
    AtomicIntegerArray callbacks = new AtomicIntegerArray(ITERATIONS);
    AtomicIntegerArray agreed = new AtomicIntegerArray(ITERATIONS);
    int[] left = new int[ITERATIONS];
    long started = System.nanoTime();
    assertTimeoutPreemptively(LIVENESS, () -> run(() -> bareBatches(outcome, callbacks, agreed, left)));
    long millis = (System.nanoTime() - started) / 1_000_000;
    int got = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String at = "iteration " + i;
      assertTrue(outcome[i] == 1 || outcome[i] == 2, at + ": ended");
      assertEquals(1, callbacks.get(i), at + ": onDone told once");
      assertEquals(1, agreed.get(i), at + ": the future saw the task's outcome");
      assertEquals(outcome[i] == 1 ? 0 : 1, left[i], at + ": the item was taken xor is still queued");
      got += outcome[i] == 1 ? 1 : 0;
    }
    System.out.printf("HandoffForeignRaceTest (bare hand-offs): %d iterations in %d ms: granted %d, cancelled %d; "
        + "every watcher told once%n", ITERATIONS, millis, got, ITERATIONS - got);
  }

  @Async
  private static Task<Void> bareBatches(final int[] outcome, final AtomicIntegerArray callbacks,
      final AtomicIntegerArray agreed, final int[] left) {
    EventLoop loop = EventLoop.current();
    for (int first = 0; first < ITERATIONS; first += BATCH) {
      int base = first;
      int n = Math.min(BATCH, ITERATIONS - first);
      List<AsyncQueue<Integer>> queues = new ArrayList<>(n);
      List<Task<Integer>> gets = new ArrayList<>(n);
      List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        queues.add(q);
        gets.add(q.get());
        futures.add(null);
      }
      await(race(n, k -> loop.execute(() -> queues.get(k).offer(base + k)), k -> {
        Task<Integer> g = gets.get(k);
        g.onDone(t -> callbacks.incrementAndGet(base + k));
        futures.set(k, g.toCompletableFuture());
        g.cancel();
      }));
      for (int k = 0; k < n; k++) {
        Task<Integer> g = gets.get(k);
        try {
          await(futures.get(k));
        } catch (java.util.concurrent.CancellationException e) {
          // the cancel won; checked below against the task
        }
        int i = base + k;
        outcome[i] = g.isCancelled() ? 2 : g.result() == i ? 1 : -1;
        CompletableFuture<Integer> f = futures.get(k);
        agreed.set(i, g.isCancelled() == f.isCancelled() && (f.isCancelled() || f.join() == i) ? 1 : 0);
        left[i] = queues.get(k).size();
      }
    }
    return done();
  }

  /**
   * Two foreign threads, released together for each k: one runs {@code a.accept(k)}, the other {@code b}. The loop
   * keeps turning meanwhile (the racers never block it), so its grants run while they call in.
   *
   * @return a promise completed by the last racer to finish, after everything either queued
   */
  private static Promise<Void> race(final int n, final IntConsumer a, final IntConsumer b) {
    CyclicBarrier pair = new CyclicBarrier(2);
    Promise<Void> finished = new Promise<>();
    AtomicInteger running = new AtomicInteger(2);
    Thread ta = new Thread(() -> racer(n, pair, a, running, finished), "racer-a");
    Thread tb = new Thread(() -> racer(n, pair, b, running, finished), "racer-b");
    ta.start();
    tb.start();
    return finished;
  }

  private static void racer(final int n, final CyclicBarrier pair, final IntConsumer action,
      final AtomicInteger running, final Promise<Void> finished) {
    for (int k = 0; k < n; k++) {
      align(pair);
      action.accept(k);
    }
    if (running.decrementAndGet() == 0) {
      finished.complete(null);
    }
  }

  private static void align(final CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
