package dev.weft.reliability;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * TEST-PLAN harness 20, {@code NoLostExceptions}, with the loop-survival check of issue 7 ("a callback or task that
 * throws never stops the loop; the exception is reported once").
 *
 * <p>Random trees of {@code @Async} tasks (called directly or spawned), each failing at random with an exception
 * that carries a unique id. A parent awaits some children (alone, or through {@code gather} and then one by one),
 * attaches a throwing {@code onDone} callback to others, and drops the rest without a reference. Nodes also throw
 * from loop callbacks ({@code execute}) and timers. Every failure is recorded where it is thrown, every catch where
 * it is caught, every report where the unhandled-exception handler gets it.
 *
 * <p>Proves: the loop survives every throw (all nodes finish, the main task returns); each failure is retrieved by
 * its parent's {@code await} or else reported, exactly once, never both, never neither (reported == unobserved); each
 * throwing callback and timer is reported exactly once; no cancellation and nothing else is reported.
 *
 * <p>Short form 10,000 tasks in 3 trees; {@code -Dweft.long=true}: 200,000 tasks in 10 trees, with {@code System.gc()}
 * between rounds of dropped tasks.
 */
class NoLostExceptionsTest {

  private static final int TASKS = Scale.pick(10_000, 200_000);
  private static final int TREES = Scale.pick(3, 10);

  /** A failure with an identity we can count. */
  static final class Boom extends RuntimeException {
    final int id;

    Boom(final int id) {
      super("boom " + id, null, true, false); // suppression on: async stack traces attach there
      this.id = id;
    }
  }

  /** One tree's bookkeeping; loop thread only (every node and callback runs there). */
  static final class Tree {
    final Random rnd;
    final int budget;
    int created;
    int running;
    int nextId;
    final Promise<Void> allFinished = new Promise<>();
    /** Failures thrown by task bodies, by id. */
    final Set<Integer> thrownByTasks = new HashSet<>();
    /** Failures a parent caught, by id (a set: gather then a direct await may catch the same one twice). */
    final Set<Integer> caught = new HashSet<>();
    /** Failures thrown by callbacks and timers: nobody can catch them, so each must be reported. */
    final Set<Integer> thrownByCallbacks = new HashSet<>();

    Tree(final long seed, final int budget) {
      this.rnd = new Random(seed);
      this.budget = budget;
    }

    Boom boom() {
      return new Boom(nextId++);
    }
  }

  @Async
  private static Task<Integer> node(final Tree tree, final int depth) {
    tree.created++;
    tree.running++;
    try {
      if (tree.rnd.nextInt(3) == 0) {
        await(sleep(0));
      }
      List<Task<Integer>> awaited = new ArrayList<>();
      int kids = depth == 0 ? 0 : tree.rnd.nextInt(5);
      for (int k = 0; k < kids && tree.created < tree.budget; k++) {
        Task<Integer> child = tree.rnd.nextBoolean() ? node(tree, depth - 1) : spawn(() -> node(tree, depth - 1));
        int fate = tree.rnd.nextInt(10);
        if (fate < 3) {
          continue; // dropped: never awaited, no reference kept
        }
        if (fate == 3) {
          Boom b = tree.boom();
          tree.thrownByCallbacks.add(b.id);
          child.onDone(t -> { // a callback retrieves the child's outcome (so that counts as observed) and throws
            if (!t.isCancelled()) {
              try {
                t.result();
              } catch (Boom x) {
                tree.caught.add(x.id);
              }
            }
            throw b;
          });
          continue;
        }
        awaited.add(child);
      }
      if (awaited.size() > 1 && tree.rnd.nextInt(4) == 0) {
        try {
          await(gather(awaited));
        } catch (Boom b) {
          tree.caught.add(b.id);
        }
      }
      for (Task<Integer> child : awaited) {
        try {
          await(child);
        } catch (Boom b) {
          tree.caught.add(b.id);
        }
      }
      int roll = tree.rnd.nextInt(20);
      if (roll == 0) {
        Boom b = tree.boom();
        tree.thrownByCallbacks.add(b.id);
        EventLoop.current().execute(() -> {
          throw b;
        });
      } else if (roll == 1) {
        Boom b = tree.boom();
        tree.thrownByCallbacks.add(b.id);
        EventLoop.current().schedule(Duration.ofMillis(tree.rnd.nextInt(3)), () -> {
          throw b;
        });
      }
      if (tree.rnd.nextInt(4) == 0) {
        Boom b = tree.boom();
        tree.thrownByTasks.add(b.id);
        throw b;
      }
      return done(1);
    } finally {
      if (--tree.running == 0 && tree.created >= tree.budget) {
        tree.allFinished.complete(null);
      }
    }
  }

  /** Grows a tree until the budget is spent (a root may end early: then another root starts), then waits for all. */
  @Async
  private static Task<Integer> grow(final Tree tree) {
    while (tree.created < tree.budget) {
      try {
        await(node(tree, 12));
      } catch (Boom b) {
        tree.caught.add(b.id);
      }
      if (Scale.LONG) {
        System.gc(); // dropped tasks are unreferenced now: pending ones must still finish and report
      }
    }
    if (tree.running > 0) {
      await(tree.allFinished);
    }
    await(sleep(5)); // the timers thrown from (at most 2 ms) fire
    return done(tree.created);
  }

  @Test
  void everyFailureIsObservedOrReportedExactlyOnce() {
    long seed = Long.getLong("weft.seed", System.nanoTime());
    int total = 0;
    int reportedTotal = 0;
    int caughtTotal = 0;
    for (int r = 0; r < TREES; r++) {
      Tree tree = new Tree(seed + r, TASKS / TREES);
      List<Throwable> reported = new CopyOnWriteArrayList<>();
      Weft.setUnhandledExceptionHandler(reported::add);
      int created;
      try {
        created = assertTimeoutPreemptively(Duration.ofSeconds(Scale.pick(60, 600)), () -> run(() -> grow(tree)),
            "seed " + (seed + r));
      } finally {
        Weft.setUnhandledExceptionHandler(null);
      }
      String at = "seed " + (seed + r) + " (rerun with -Dweft.seed)";
      assertEquals(0, tree.running, at + ": every node finished");

      Map<Integer, Integer> times = new HashMap<>();
      for (Throwable t : reported) {
        assertTrue(t instanceof Boom, at + ": only our failures are reported, got " + t);
        times.merge(((Boom) t).id, 1, Integer::sum);
      }
      times.forEach((id, n) -> assertEquals(1, n, at + ": failure " + id + " reported once"));

      Set<Integer> unobserved = new HashSet<>(tree.thrownByTasks);
      unobserved.removeAll(tree.caught);
      Set<Integer> expected = new HashSet<>(unobserved);
      expected.addAll(tree.thrownByCallbacks);
      assertEquals(expected, times.keySet(), at + ": reported == unobserved task failures + callback throws");
      assertTrue(tree.thrownByTasks.containsAll(tree.caught), at + ": caught only what was thrown");

      total += created;
      reportedTotal += reported.size();
      caughtTotal += tree.caught.size();
      System.out.printf("NoLostExceptionsTest: tree %d (seed %d): %d tasks, %d task failures (%d caught, %d "
          + "unobserved), %d callback/timer throws; reported %d, each once%n", r, seed + r, created,
          tree.thrownByTasks.size(), tree.caught.size(), unobserved.size(), tree.thrownByCallbacks.size(),
          reported.size());
    }
    System.out.printf("NoLostExceptionsTest: %d tasks in %d trees; %d failures caught, %d reported; 0 lost, "
        + "0 duplicates%n", total, TREES, caughtTotal, reportedTotal);
  }
}
