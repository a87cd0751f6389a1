package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.taskGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncStackTrace;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.task.TaskGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaskGroup}: structured concurrency, asyncio 3.11's rules with Java's suppressed exceptions. */
class TaskGroupTest extends AsyncTestBase {

  @Async
  private Task<Void> allSucceed() {
    expect(1);
    Promise<Void> bodyDone = new Promise<>();
    int total = await(taskGroup(g -> {
      expect(2); // the body runs at once
      Task<Integer> a = g.spawn(() -> {
        expect(4);
        await(sleep(10));
        return done(1);
      });
      Task<Integer> b = g.spawn(() -> {
        expect(5);
        return done(2);
      });
      g.spawn(() -> { // never awaited by the body: the scope still waits for it
        expect(6);
        await(bodyDone);
        await(sleep(10));
        expect(8);
        return done(0);
      });
      expect(3); // children start on a later turn
      int sum = await(a) + await(b);
      expect(7);
      bodyDone.complete(null);
      return done(sum);
    }));
    expect(9);
    assertEquals(3, total);
    finish(10);
    return done();
  }

  @Test
  void theScopeWaitsForEveryChildAndGivesTheBodysValue() {
    run(this::allSucceed);
  }

  @Async
  private Task<Void> firstFailure() {
    expect(1);
    RuntimeException first = new RuntimeException("first");
    IllegalStateException second = new IllegalStateException("second");
    List<String> cleanedUp = new ArrayList<>();
    try {
      await(taskGroup(g -> {
        g.spawn(() -> {
          try {
            await(sleep(60_000));
            throw expectUnreached();
          } finally {
            await(sleep(0)); // cleanup may suspend; the scope waits for it
            cleanedUp.add("sibling");
          }
        });
        g.spawn(() -> {
          try {
            await(sleep(60_000));
            throw expectUnreached();
          } catch (CancelledException e) {
            cleanedUp.add("failing sibling");
            throw second; // fails while being cancelled: attached to the first failure
          }
        });
        g.spawn(() -> {
          await(sleep(10));
          expect(2);
          throw first;
        });
        try {
          await(sleep(60_000));
          throw expectUnreached();
        } finally {
          cleanedUp.add("body");
        }
      }));
      throw expectUnreached();
    } catch (RuntimeException e) {
      expect(3);
      assertSame(first, e, "the first failure, the very object");
      assertTrue(Arrays.asList(e.getSuppressed()).contains(second), "later failures are suppressed");
      assertEquals(3, cleanedUp.size(), "the body and both siblings ended before the scope: " + cleanedUp);
      assertTrue(cleanedUp.containsAll(List.of("body", "sibling", "failing sibling")));
    }
    finish(4);
    return done();
  }

  @Test
  void theFirstFailureCancelsTheOthersAndIsRethrownWithTheRestSuppressed() {
    run(this::firstFailure);
  }

  @Async
  private Task<Void> scopeCancellation() {
    expect(1);
    Promise<Void> bothStarted = new Promise<>();
    int[] started = {0};
    List<String> cleanedUp = new ArrayList<>();
    Task<String> scope = spawn(() -> taskGroup(g -> {
      for (String name : List.of("c1", "c2")) {
        g.spawn(() -> {
          if (++started[0] == 2) {
            bothStarted.complete(null);
          }
          try {
            await(sleep(60_000));
            throw expectUnreached();
          } finally {
            cleanedUp.add(name);
          }
        });
      }
      await(sleep(60_000));
      throw expectUnreached();
    }));
    await(bothStarted);
    expect(2);
    scope.cancel("scope cancelled");
    try {
      await(scope);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(3);
      assertEquals("scope cancelled", e.getMessage());
      assertEquals(2, cleanedUp.size(), "every child ended, finally blocks run, before the scope: " + cleanedUp);
    }
    finish(4);
    return done();
  }

  @Test
  void cancellingTheScopeCancelsItsChildren() {
    run(this::scopeCancellation);
  }

  @Async
  private Task<Void> spawnAfterClose() {
    expect(1);
    TaskGroup[] saved = new TaskGroup[1];
    String v = await(taskGroup(g -> {
      saved[0] = g;
      g.spawn(() -> done("child"));
      return done("body");
    }));
    expect(2);
    assertEquals("body", v);
    assertTrue(saved[0].isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> saved[0].spawn(() -> done("late")));
    assertTrue(e.getMessage().contains("ended"), e.getMessage());
    finish(3);
    return done();
  }

  @Test
  void spawningAfterTheScopeEndedIsRejected() {
    run(this::spawnAfterClose);
  }

  @Async
  private Task<Void> spawnWhileAborting() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    try {
      await(taskGroup(g -> {
        g.spawn(() -> {
          throw boom;
        });
        try {
          await(sleep(60_000));
          throw expectUnreached();
        } catch (CancelledException e) {
          expect(2);
          assertTrue(g.isClosed());
          assertThrows(IllegalStateException.class, () -> g.spawn(() -> done("late")));
          throw e;
        }
      }));
      throw expectUnreached();
    } catch (RuntimeException e) {
      expect(3);
      assertSame(boom, e);
    }
    finish(4);
    return done();
  }

  @Test
  void spawningWhileTheScopeAbortsIsRejected() {
    run(this::spawnWhileAborting);
  }

  @Async
  private Task<Void> bodyFailure() {
    expect(1);
    IllegalArgumentException boom = new IllegalArgumentException("body failed");
    List<String> cleanedUp = new ArrayList<>();
    try {
      await(taskGroup(g -> {
        g.spawn(() -> {
          try {
            await(sleep(60_000));
            throw expectUnreached();
          } finally {
            cleanedUp.add("child");
          }
        });
        await(sleep(0)); // let the child start
        expect(2);
        throw boom;
      }));
      throw expectUnreached();
    } catch (IllegalArgumentException e) {
      expect(3);
      assertSame(boom, e);
      assertEquals(List.of("child"), cleanedUp);
    }
    finish(4);
    return done();
  }

  @Test
  void aBodyFailureCancelsTheChildrenAndIsRethrown() {
    run(this::bodyFailure);
  }

  @Async
  private Task<Void> childOfChild() {
    expect(1);
    List<String> ran = new ArrayList<>();
    await(taskGroup(g -> {
      g.spawn(() -> {
        await(sleep(0));
        g.spawn(() -> { // spawned by a child while the body is already done: still waited for
          await(sleep(10));
          ran.add("grandchild");
          return done();
        });
        return done();
      });
      return done();
    }));
    expect(2);
    assertEquals(List.of("grandchild"), ran);
    finish(3);
    return done();
  }

  @Test
  void childrenMaySpawnWhileTheScopeIsOpen() {
    run(this::childOfChild);
  }

  @Async
  private Task<Void> cancelledChildIsNotAFailure() {
    expect(1);
    String v = await(taskGroup(g -> {
      Task<Void> c = g.spawn(() -> {
        await(sleep(60_000));
        return done();
      });
      await(sleep(0));
      c.cancel();
      return done("fine");
    }));
    assertEquals("fine", v);
    finish(2);
    return done();
  }

  @Test
  void aChildCancelledByOthersDoesNotFailTheScope() {
    run(this::cancelledChildIsNotAFailure);
  }

  @Test
  void aScopeNeedsALoop() {
    assertThrows(IllegalStateException.class, () -> TaskGroup.open(g -> done(1)));
  }

  @Async
  private Task<Void> bodyAwaitsTheFailingChild() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    try {
      await(taskGroup(g -> {
        Task<String> c = g.spawn(() -> {
          await(sleep(0));
          throw boom;
        });
        return done(await(c));
      }));
      throw expectUnreached();
    } catch (RuntimeException e) {
      expect(2);
      assertSame(boom, e);
      assertEquals(0, Arrays.stream(e.getSuppressed()).filter(s -> !(s instanceof AsyncStackTrace)).count(),
          "one failure, not attached to itself (only its async stack trace)");
    }
    finish(3);
    return done();
  }

  @Test
  void aFailureTheBodyAlsoSawIsReportedOnce() {
    run(this::bodyAwaitsTheFailingChild);
  }

  @Async
  private Task<Void> abandonedScope() {
    expect(1);
    Promise<Void> childStarted = new Promise<>();
    spawn(() -> taskGroup(g -> {
      g.spawn(() -> {
        childStarted.complete(null);
        try {
          await(sleep(60_000));
          throw expectUnreached();
        } finally {
          expect(3);
        }
      });
      await(sleep(60_000));
      throw expectUnreached();
    }));
    await(childStarted);
    expect(2);
    return done(); // run() now cancels what is left: the scope, its body and its child end quietly
  }

  @Test
  void runCancelsAnOpenScopeWhenTheMainTaskEnds() {
    run(this::abandonedScope);
    finish(4);
  }
}
