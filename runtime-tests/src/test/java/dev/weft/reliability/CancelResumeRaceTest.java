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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * TEST-PLAN harness 19, {@code CancelResumeRace}: a task suspended on a {@link Promise} is cancelled by one foreign
 * thread while another completes the promise, the two released by a barrier at the same instant, many thousand
 * times, on real transformer output (try-with-resources around the await, a catch and a finally).
 *
 * <p>Proves, per iteration: the task ends exactly once ({@code onDone} runs once); its body resumes exactly once
 * (the code after the await runs once: value delivered xor {@link CancelledException}, never both, never neither);
 * the resource is closed exactly once and the {@code finally} runs once; a delivered value is the task's result and a
 * cancellation its outcome; no wake-up is lost (each batch finishes within a generous bound). How often each side won
 * is printed, not asserted (it depends on scheduling).
 *
 * <p>Short form 10,000 iterations; {@code -Dweft.long=true}: 250,000.
 */
class CancelResumeRaceTest {

  private static final int ITERATIONS = Scale.pick(10_000, 250_000);
  private static final int BATCH = 500;
  private static final Duration LIVENESS = Duration.ofSeconds(Scale.pick(120, 1_200));

  /** What each iteration saw; indexed by iteration. */
  private static final class Tally {
    final AtomicIntegerArray delivered = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray cancelled = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray closed = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray finallies = new AtomicIntegerArray(ITERATIONS);
    final AtomicIntegerArray ended = new AtomicIntegerArray(ITERATIONS);
    final AtomicReferenceArray<Task<Integer>> tasks = new AtomicReferenceArray<>(ITERATIONS);
  }

  /** A resource whose close is counted. */
  private record Resource(Tally tally, int i) implements AutoCloseable {
    @Override
    public void close() {
      tally.closed.incrementAndGet(i);
    }
  }

  @Async
  private static Task<Integer> user(final Promise<Integer> p, final Tally tally, final int i) {
    try (Resource r = new Resource(tally, i)) {
      int v;
      try {
        v = await(p);
      } catch (CancelledException e) {
        tally.cancelled.incrementAndGet(i);
        throw e;
      }
      tally.delivered.incrementAndGet(i);
      return done(v);
    } finally {
      tally.finallies.incrementAndGet(i);
    }
  }

  /** One batch: BATCH tasks suspended on their promises; two threads race through them pair by pair. */
  @Async
  private static Task<Void> batch(final int first, final Tally tally) {
    int n = Math.min(BATCH, ITERATIONS - first);
    List<Promise<Integer>> promises = new ArrayList<>(n);
    List<Task<Integer>> tasks = new ArrayList<>(n);
    Promise<Void> allEnded = new Promise<>();
    int[] remaining = {n}; // loop thread only: onDone callbacks run on the loop
    for (int k = 0; k < n; k++) {
      int i = first + k;
      Promise<Integer> p = new Promise<>();
      Task<Integer> t = user(p, tally, i);
      tally.tasks.set(i, t);
      t.onDone(x -> {
        tally.ended.incrementAndGet(i);
        if (--remaining[0] == 0) {
          allEnded.complete(null);
        }
      });
      promises.add(p);
      tasks.add(t);
    }
    CyclicBarrier pair = new CyclicBarrier(2);
    Thread completer = new Thread(() -> {
      for (int k = 0; k < n; k++) {
        align(pair);
        promises.get(k).complete(first + k);
      }
    }, "completer");
    Thread canceller = new Thread(() -> {
      for (int k = 0; k < n; k++) {
        align(pair);
        tasks.get(k).cancel();
      }
    }, "canceller");
    completer.start();
    canceller.start();
    await(allEnded);
    return done();
  }

  @Async
  private static Task<Void> all(final Tally tally) {
    for (int first = 0; first < ITERATIONS; first += BATCH) {
      await(batch(first, tally));
    }
    return done();
  }

  @Test
  void completionRacingCancellationResolvesEachTaskExactlyOnce() {
    Tally tally = new Tally();
    List<Throwable> unhandled = new java.util.concurrent.CopyOnWriteArrayList<>();
    Weft.setUnhandledExceptionHandler(unhandled::add);
    long started = System.nanoTime();
    try {
      assertTimeoutPreemptively(LIVENESS, () -> run(() -> all(tally)), "a wake-up was lost");
    } finally {
      Weft.setUnhandledExceptionHandler(null);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;

    int delivered = 0;
    int cancelled = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String at = "iteration " + i;
      assertEquals(1, tally.ended.get(i), at + ": task ended");
      assertEquals(1, tally.delivered.get(i) + tally.cancelled.get(i), at + ": resumed (value xor cancellation)");
      assertEquals(1, tally.closed.get(i), at + ": resource closed");
      assertEquals(1, tally.finallies.get(i), at + ": finally ran");
      Task<Integer> t = tally.tasks.get(i);
      if (tally.delivered.get(i) == 1) {
        delivered++;
        assertTrue(!t.isCancelled() && t.result() == i, at + ": the delivered value is the result");
      } else {
        cancelled++;
        assertTrue(t.isCancelled(), at + ": cancelled body, cancelled task");
      }
    }
    System.out.printf("CancelResumeRaceTest: %d iterations in %d ms: value delivered %d, cancelled %d; "
        + "every task ended once, resumed once, closed once%n", ITERATIONS, millis, delivered, cancelled);
    assertEquals(List.of(), unhandled, "nothing reported: every outcome was retrieved or a cancellation");
  }

  private static void align(final CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
