package dev.weft.loop;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A loop of one's own on a thread ({@code runForever}), served to other threads ({@code submit}, asyncio's
 * {@code run_coroutine_threadsafe}), then stopped and closed: pending tasks are cancelled and their {@code finally}
 * blocks run, awaits included. Events are ordered by futures and promises, never by sleeping.
 */
class LoopLifecycleTest {

  private static final long LIVENESS_SECONDS = 10;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private EventLoop loop;
  private Thread loopThread;

  @BeforeEach
  void start() {
    loop = new EventLoop();
    loopThread = new Thread(() -> {
      loop.runForever();
      loop.close();
    }, "weft-loop");
    loopThread.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    loop.stop();
    loopThread.join(TimeUnit.SECONDS.toMillis(LIVENESS_SECONDS));
    assertTrue(loop.isClosed(), "the loop closed once stopped");
  }

  @Async
  private Task<String> greet(final String name) {
    await(sleep(1));
    return done("hello " + name + " on " + Thread.currentThread().getName());
  }

  @Async
  private Task<Void> holdUntilCancelled(final Promise<Void> never, final CompletableFuture<Void> started) {
    try {
      log.add("started");
      started.complete(null);
      await(never);
      log.add("unreachable");
    } finally {
      log.add("finally");
      await(sleep(0)); // a finally block may await after the cancellation
      log.add("finally awaited");
    }
    return done();
  }

  @Async
  private Task<String> failChecked(final IOException e) {
    await(sleep(0));
    Promise<String> failed = new Promise<>();
    failed.fail(e); // the task adopts this failure: the original checked exception
    return failed;
  }

  @Test
  void submitRunsTheCallOnTheLoopThreadAndCompletesTheFuture() throws Exception {
    CompletableFuture<String> f = loop.submit(() -> greet("a"));

    assertEquals("hello a on weft-loop", f.get(LIVENESS_SECONDS, TimeUnit.SECONDS));
    assertTrue(loop.isRunning());
  }

  @Test
  void aFailedSubmissionFailsTheFutureWithTheOriginalException() throws Exception {
    IOException boom = new IOException("boom");

    CompletableFuture<String> f = loop.submit(() -> failChecked(boom));

    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(LIVENESS_SECONDS, TimeUnit.SECONDS));
    assertSame(boom, e.getCause());
  }

  @Test
  void cancellingTheFutureCancelsTheTaskAndItsFinallyBlocksRun() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> f = loop.submit(() -> holdUntilCancelled(new Promise<>(), started));
    started.get(LIVENESS_SECONDS, TimeUnit.SECONDS);

    assertTrue(f.cancel(true));

    // The task's end is observed on the loop: a second submission queued after the cancellation.
    loop.submit(() -> sleep(1)).get(LIVENESS_SECONDS, TimeUnit.SECONDS);
    assertEquals(List.of("started", "finally", "finally awaited"), log);
    assertThrows(CancellationException.class, f::join);
  }

  @Test
  void stopThenCloseCancelsPendingTasksAndRunsTheirFinallyBlocks() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> f = loop.submit(() -> holdUntilCancelled(new Promise<>(), started));
    started.get(LIVENESS_SECONDS, TimeUnit.SECONDS);

    loop.stop();
    loopThread.join(TimeUnit.SECONDS.toMillis(LIVENESS_SECONDS));

    assertTrue(loop.isClosed());
    assertEquals(List.of("started", "finally", "finally awaited"), log);
    assertTrue(f.isCancelled(), "the submission's future follows its cancelled task");
    assertThrows(IllegalStateException.class, () -> loop.submit(() -> done("late")));
  }

  @Test
  void closeWhileRunningIsRefused() throws Exception {
    CompletableFuture<Throwable> error = loop.submit(() -> {
      try {
        loop.close();
        return done(null);
      } catch (IllegalStateException e) {
        return done(e);
      }
    });

    assertTrue(error.get(LIVENESS_SECONDS, TimeUnit.SECONDS) instanceof IllegalStateException);
  }

  // ---- Weft.run and stop() ------------------------------------------------------------------------------

  @Async
  private Task<String> mainThatStopsItsLoop(final List<String> events) {
    try {
      EventLoop.current().stop();
      await(new Promise<Void>()); // never completes: only the stop ends the run
      return done("unreachable");
    } finally {
      events.add("main finally");
    }
  }

  @Test
  void stopDuringWeftRunCancelsTheMainTaskAfterItsFinallyBlock() {
    List<String> events = new CopyOnWriteArrayList<>();

    assertThrows(CancelledException.class, () -> run(() -> mainThatStopsItsLoop(events)));

    assertEquals(List.of("main finally"), events);
  }
}
