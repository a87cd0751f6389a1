package dev.weft;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Foreign threads completing what loop coroutines await, and racing completion against cancellation: no lost
 * wake-up, exactly one outcome each. Scales with {@code -Dweft.stress=N} (10 with {@code -Dweft.long=true}).
 */
class CrossThreadStressTest extends TestBase {

  private static final int SCALE = Integer.getInteger("weft.stress", Boolean.getBoolean("weft.long") ? 10 : 1);
  private static final Duration LIVENESS = Duration.ofSeconds(10L * SCALE);

  @Test
  void completionsFromManyThreadsAllResumeTheirCoroutines() {
    int n = 20_000 * SCALE;
    int threads = 4;

    List<Integer> values = assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      List<Promise<Integer>> promises = new ArrayList<>();
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Promise<Integer> p = new Promise<>();
        promises.add(p);
        tasks.add(HandCompiled.addOne(p));
      }
      for (int t = 0; t < threads; t++) {
        int first = t;
        new Thread(() -> {
          for (int i = first; i < n; i += threads) {
            promises.get(i).complete(i);
          }
        }).start();
      }
      return gather(tasks);
    }));

    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, values.get(i));
    }
  }

  @Test
  void completionRacingCancellationGivesExactlyOneOutcome() {
    int rounds = 2_000 * SCALE;
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();

    assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      Promise<Void> allDone = new Promise<>();
      AtomicInteger remaining = new AtomicInteger(rounds);
      List<Promise<Integer>> promises = new ArrayList<>();
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        Promise<Integer> p = new Promise<>();
        Task<Integer> t = HandCompiled.addOne(p);
        promises.add(p);
        tasks.add(t);
        t.onDone(done -> {
          if (done.isCancelled()) {
            cancelled.incrementAndGet();
          } else {
            assertEquals(2, done.result());
            succeeded.incrementAndGet();
          }
          if (remaining.decrementAndGet() == 0) {
            allDone.complete(null);
          }
        });
      }
      CyclicBarrier start = new CyclicBarrier(2);
      new Thread(() -> {
        await(start);
        for (Promise<Integer> p : promises) {
          p.complete(1);
        }
      }).start();
      new Thread(() -> {
        await(start);
        for (Task<Integer> t : tasks) {
          t.cancel();
        }
      }).start();
      return allDone;
    }));

    assertEquals(rounds, succeeded.get() + cancelled.get());
    assertTrue(cancelled.get() > 0 || succeeded.get() > 0);
  }

  private static void await(final CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
