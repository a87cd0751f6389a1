package dev.weft.reliability;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * TEST-PLAN harness 21, {@code StructuredNoLeak}: scopes never leak, and pending tasks are never collected.
 *
 * <p>Random spawn/cancel trees ({@link ScopeForest}) of {@code taskGroup} and {@code timeout} scopes, {@value #BATCH}
 * at a time. At the moment each scope ends, every child it spawned has ended: 0 pending children, whether the scope
 * succeeded, failed, timed out or was cancelled from outside. Tasks spawned and dropped (nothing but the loop holds
 * them, some parked on a promise only they refer to) all finish, though {@code System.gc()} runs after every batch.
 * At the end the loop's live-task count ({@code EventLoop.tasks()}, what {@code Weft.dumpTasks()} lists) is back to
 * where it started, and nothing went to the unhandled-exception handler (every failure was awaited by a scope).
 *
 * <p>Short form 2,000 trees (about 10,000 tasks); {@code -Dweft.long=true}: 100,000 trees. Seeded: {@code
 * -Dweft.seed=N} replays a run's random choices (real-time timers racing each other still vary).
 */
class StructuredNoLeakTest {

  private static final int TREES = Scale.pick(2_000, 100_000);
  private static final int BATCH = 50;
  private static final int MAX_DEPTH = 4;
  private static final Duration LIVENESS = Duration.ofSeconds(Scale.pick(120, 3_600));

  /** What the loop saw: the live-task count over its start, and the task dump when that is not zero. */
  private record LiveAfter(int extra, String dump) {
  }

  @Async
  private static Task<LiveAfter> grow(final ScopeForest forest) {
    EventLoop loop = EventLoop.current();
    await(sleep(0)); // from here on this task is a suspended-and-resumed coroutine: one live task, counted
    int baseline = loop.tasks().size();
    for (int planted = 0; planted < TREES; ) {
      List<Task<Integer>> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH && planted < TREES; i++, planted++) {
        batch.add(forest.plant(MAX_DEPTH));
      }
      await(gatherSettled(batch)); // never throws: each tree's outcome is counted where its scope ends
      forest.collectAndWake(); // dropped tasks are unreferenced now; pending ones must survive the collection
      await(sleep(0));
    }
    while (forest.orphansFinished < forest.orphansSpawned) {
      forest.collectAndWake(); // orphans spawned late, still sleeping or parked
      await(sleep(5));
    }
    for (int i = 0; i < 10 && loop.tasks().size() > baseline; i++) {
      await(sleep(1)); // a spawned task ends one turn after the coroutine it follows
    }
    int extra = loop.tasks().size() - baseline;
    return done(new LiveAfter(extra, extra == 0 ? "" : Weft.dumpTasks()));
  }

  @Test
  void scopesLeaveNoPendingChildAndUnreferencedTasksAllFinish() {
    long seed = Long.getLong("weft.seed", System.nanoTime());
    String at = "seed " + seed + " (rerun with -Dweft.seed)";
    ScopeForest forest = new ScopeForest(seed);
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    Weft.setUnhandledExceptionHandler(reported::add);
    long start = System.nanoTime();
    LiveAfter live;
    try {
      live = assertTimeoutPreemptively(LIVENESS, () -> run(() -> grow(forest)), at);
    } finally {
      Weft.setUnhandledExceptionHandler(null);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    ScopeForest f = forest;
    System.out.printf("StructuredNoLeakTest (seed %d): %,d trees, %,d tasks in scopes, %,d scopes (%,d taskGroup,"
        + " %,d timeout) in %,d ms: %,d succeeded, %,d failed, %,d timed out, %,d cancelled; %,d external cancels,"
        + " %,d cancels by a body, %,d failures thrown (%,d caught by a body, %,d stopped by a guard); %,d children"
        + " checked at scope exit, %d pending; %,d unreferenced tasks (%,d parked on a promise only they hold),"
        + " %,d finished, %d collected, %d System.gc() calls; live tasks after: %d over baseline; %d reported%n",
        seed, TREES, f.nodes, f.groups + f.timeouts, f.groups, f.timeouts, millis, f.succeeded, f.failed, f.timedOut,
        f.cancelled, f.externalCancels, f.bodyCancels, f.failuresThrown, f.caught, f.absorbed, f.childrenChecked,
        f.pendingAfterScope, f.orphansSpawned, f.parkedOrphans, f.orphansFinished, f.parkedCollected, f.collections,
        live.extra(), reported.size());
    assertEquals(List.of(), reported.subList(0, Math.min(5, reported.size())), at + ": nothing reported");
    assertEquals(0, f.pendingAfterScope, at + ": children pending after their scope ended: " + f.leaks);
    assertEquals(f.groups + f.timeouts, f.succeeded + f.failed + f.timedOut + f.cancelled, at + ": every scope ended");
    assertEquals(0, f.parkedCollected, at + ": a pending, unreferenced task was collected");
    assertEquals(f.orphansSpawned, f.orphansFinished, at + ": every unreferenced task finished");
    assertEquals(0, live.extra(), at + ": tasks left on the loop:\n" + live.dump());
    // The harness exercised what it claims (with these counts every kind occurs in any run).
    assertTrue(f.succeeded > 0 && f.failed > 0 && f.timedOut > 0 && f.cancelled > 0, at + ": every way to end");
    assertTrue(f.externalCancels > 0 && f.parkedOrphans > 0 && f.childrenChecked > f.groups, at + ": coverage");
  }
}
