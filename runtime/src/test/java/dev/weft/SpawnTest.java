package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Weft.spawn}: asyncio's create_task. */
class SpawnTest extends TestBase {

  @Test
  void theBodyStartsOnALaterTurn() {
    int v = run(() -> {
      expect(1);
      Task<Integer> t = spawn(() -> {
        expect(3);
        return done(7);
      });
      expect(2);
      return HandCompiled.echo(t);
    });

    assertEquals(7, v);
    finish(4);
  }

  @Test
  void spawnedBodiesStartInSpawnOrder() {
    List<String> log = new ArrayList<>();

    run(() -> {
      Task<String> a = spawn(() -> done(log.add("a") ? "a" : ""));
      Task<String> b = spawn(() -> done(log.add("b") ? "b" : ""));
      return Weft.gather(a, b);
    });

    assertEquals(List.of("a", "b"), log);
  }

  @Test
  void aTaskCancelledBeforeItStartedNeverRunsItsBody() {
    boolean cancelled = run(() -> {
      Task<String> t = spawn(() -> {
        expectUnreached();
        return done("x");
      });
      assertTrue(t.cancel());
      assertTrue(t.isCancelled(), "cancelled at once: it had not started");
      return HandCompiled.then(Weft.sleep(0), t::isCancelled);
    });

    assertTrue(cancelled);
  }

  @Test
  void cancellingAStartedTaskCancelsTheBodysTask() {
    List<String> log = new ArrayList<>();
    Promise<String> never = new Promise<>();

    Task<String> outcome = run(() -> {
      Task<String> t = spawn(() -> HandCompiled.guarded(never, log, false));
      // After one turn the body has started and suspended on `never`.
      return HandCompiled.then(Weft.sleep(0), () -> {
        assertFalse(t.isDone());
        assertTrue(t.cancel());
        return t;
      });
    });

    assertTrue(outcome.isCancelled());
    assertEquals(List.of("cancelled", "finally"), log);
  }

  @Test
  void spawnNeedsARunningLoop() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> spawn(() -> done(1)));

    assertTrue(e.getMessage().contains("Weft.run"), e.getMessage());
  }

  @Test
  void aNullTaskFromTheBodyFailsTheSpawnedTask() {
    assertThrows(NullPointerException.class, () -> run(() -> {
      Task<String> t = spawn(() -> null);
      return HandCompiled.echo(t);
    }));
  }

  @Test
  void aSpawnedTaskEndsAsSoonAsItsBodysTaskDoesOnTheLoopThread() {
    Promise<String> p = new Promise<>();

    String v = run(() -> {
      Task<String> t = spawn(() -> p);
      return HandCompiled.then(Weft.sleep(0), () -> { // the body has started and returned p
        assertFalse(t.isDone());
        p.complete("x");
        assertTrue(t.isDone(), "adopted at once, not on a later turn");
        return t.result();
      });
    });

    assertEquals("x", v);
  }

  @Test
  void aLongChainOfSpawnedTasksFollowingEachOtherEndsWithoutDeepRecursion() {
    int depth = 50_000; // inline adoptions all the way down would overflow the stack
    Promise<Integer> innermost = new Promise<>();

    // A liveness bound: a stack overflow in a completion is reported and leaves the chain hanging.
    int v = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> run(() -> {
      Task<Integer> outer = chain(depth, innermost);
      return completeLater(outer, innermost, depth);
    }));

    assertEquals(42, v);
  }

  /** A spawned task whose body returns the next one; the innermost body returns {@code last}. */
  private static Task<Integer> chain(final int n, final Promise<Integer> last) {
    return n == 0 ? spawn(() -> last) : spawn(() -> chain(n - 1, last));
  }

  /** Waits until every body of the chain has started (one per turn), then completes the innermost promise. */
  private static Task<Integer> completeLater(final Task<Integer> outer, final Promise<Integer> last, final int turns) {
    Promise<Integer> result = new Promise<>();
    int[] left = {turns + 2};
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      if (--left[0] > 0) {
        dev.weft.loop.EventLoop.current().callSoon(step[0]);
        return;
      }
      assertFalse(outer.isDone());
      last.complete(42);
      outer.onDone(t -> result.complete(t.result()));
    };
    dev.weft.loop.EventLoop.current().callSoon(step[0]);
    return result;
  }
}
