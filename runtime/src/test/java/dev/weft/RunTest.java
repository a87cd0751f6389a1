package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Weft.run}: asyncio's run. */
class RunTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void returnsTheMainTasksValue() {
    assertEquals(42, run(() -> done(42)));
  }

  @Test
  void callsTheSupplierOnTheLoopThread() {
    EventLoop[] seen = new EventLoop[1];

    run(() -> {
      seen[0] = EventLoop.current();
      assertTrue(seen[0].inLoopThread());
      return done();
    });

    assertNotNull(seen[0]);
    assertTrue(seen[0].isClosed(), "the loop (and its selector) is closed");
    assertNull(EventLoop.current(), "the thread runs no loop afterwards");
  }

  @Test
  void rethrowsTheMainTasksOriginalException() {
    IOException e = new IOException("checked");
    Promise<String> p = new Promise<>();
    p.fail(e);

    Throwable thrown = assertThrows(Throwable.class, () -> run(() -> p));

    assertSame(e, thrown);
  }

  @Test
  void aThrowingSupplierFailsRun() {
    IllegalArgumentException e = new IllegalArgumentException();

    assertSame(e, assertThrows(IllegalArgumentException.class, () -> run(() -> {
      throw e;
    })));
  }

  @Test
  void aCancelledMainTaskThrowsCancelledException() {
    assertThrows(CancelledException.class, () -> run(() -> {
      Promise<String> never = new Promise<>();
      Task<String> main = HandCompiled.echo(never);
      EventLoop.current().execute(main::cancel);
      return main;
    }));
  }

  @Test
  void aMainTaskSuspendedOnAPendingAwaitFinishes() {
    String v = assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      Promise<String> p = new Promise<>();
      EventLoop.current().execute(() -> p.complete("later"));
      return HandCompiled.echo(p);
    }));

    assertEquals("later", v);
  }

  @Test
  void nestedRunIsRejected() {
    IllegalStateException e = run(() -> done(assertThrows(IllegalStateException.class, () -> run(() -> done(1)))));

    assertTrue(e.getMessage().contains("already runs an event loop"), e.getMessage());
  }

  @Test
  void pendingTasksAreCancelledAndTheirFinallyBlocksRun() {
    List<String> log = new ArrayList<>();
    Promise<String> never = new Promise<>();
    @SuppressWarnings("unchecked")
    Task<String>[] background = new Task[1];

    assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      background[0] = spawn(() -> HandCompiled.guarded(never, log, false));
      return HandCompiled.then(Weft.sleep(0), () -> "main done");
    }));

    assertEquals(List.of("cancelled", "finally"), log);
    assertTrue(background[0].isCancelled());
    assertTrue(never.isCancelled(), "the awaited task was cancelled with its awaiter");
  }

  @Test
  void anUnretrievedFailureOfASpawnedTaskIsReportedWhenTheLoopCloses() {
    IllegalStateException boom = new IllegalStateException("boom");

    run(() -> {
      spawn(() -> {
        throw boom;
      });
      return HandCompiled.then(Weft.sleep(0), () -> "ok");
    });

    assertEquals(List.of(boom), takeUnhandled());
  }

  @Test
  void aRetrievedFailureIsNotReported() {
    IllegalStateException boom = new IllegalStateException("boom");

    Throwable caught = run(() -> {
      Task<String> t = spawn(() -> {
        throw boom;
      });
      return HandCompiled.then(Weft.sleep(1), () -> {
        try {
          t.result();
          return null;
        } catch (IllegalStateException e) {
          return e;
        }
      });
    });

    assertSame(boom, caught);
    assertEquals(List.of(), takeUnhandled());
  }

  @Test
  void theLoopIsReleasedAfterAFailure() {
    assertThrows(RuntimeException.class, () -> run(() -> {
      throw new RuntimeException();
    }));

    assertNull(EventLoop.current());
    assertEquals(1, run(() -> done(1)));
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
