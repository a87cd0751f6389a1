package dev.weft;

import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.waitAll;
import static dev.weft.Weft.waitFirst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.task.Outcome;
import dev.weft.task.WaitResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The loop-free combinators (gatherSettled, waitFirst/waitAll without timeout, asCompleted, shield) with inputs
 * completed concurrently from several threads: every outcome is counted exactly once. Scales with
 * {@code -Dweft.stress=N} (10 with {@code -Dweft.long=true}).
 */
class CombinatorsCrossThreadStressTest extends TestBase {

  private static final int SCALE = Integer.getInteger("weft.stress", Boolean.getBoolean("weft.long") ? 10 : 1);
  private static final int ROUNDS = 200 * SCALE;
  private static final int WIDTH = 8;

  @Test
  void concurrentCompletionsAreEachSeenOnce() throws InterruptedException {
    for (int round = 0; round < ROUNDS; round++) {
      List<Promise<Integer>> ps = new ArrayList<>();
      for (int i = 0; i < WIDTH; i++) {
        ps.add(new Promise<>());
      }
      Task<List<Outcome<Integer>>> settled = gatherSettled(ps);
      Task<WaitResult<Promise<Integer>>> all = waitAll(ps);
      Task<WaitResult<Promise<Integer>>> first = waitFirst(ps);
      List<Task<Integer>> order = asCompleted(ps);
      Task<Integer> shielded = shield(ps.get(0));

      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WIDTH; i++) {
        final int v = i;
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          if (v % 4 == 3) {
            ps.get(v).cancel("c" + v);
          } else {
            ps.get(v).complete(v);
          }
        });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }

      List<Outcome<Integer>> outcomes = settled.join();
      for (int i = 0; i < WIDTH; i++) {
        assertEquals(i % 4 == 3, outcomes.get(i).isCancelled(), "outcome " + i);
      }
      assertEquals(WIDTH, all.join().done().size());
      assertTrue(first.join().done().size() >= 1);
      Set<Integer> seen = new HashSet<>();
      int cancelled = 0;
      for (Task<Integer> t : order) {
        assertTrue(t.isDone());
        if (t.isCancelled()) {
          cancelled++;
        } else {
          seen.add(t.result());
        }
      }
      assertEquals(WIDTH / 4, cancelled);
      assertEquals(WIDTH - WIDTH / 4, seen.size());
      assertEquals(0, shielded.join());
    }
  }
}
