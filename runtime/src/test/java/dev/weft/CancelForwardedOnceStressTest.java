package dev.weft;

import static dev.weft.Weft.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * One {@code cancel()} is one cancellation of the task it is passed on to, also when it races the moment that task
 * becomes known (found by the jcstress harness, TEST-PLAN #18): a coroutine whose body returns a pending task, a
 * spawned task whose body starts, a submitted task the loop starts. Before the fix both sides of each race could pass
 * the same request on, so a followed coroutine received two {@link CancelledException}s, the second at its next
 * await (in a {@code finally}, say). The followed task here is a promise that counts the {@code cancel} calls it gets.
 *
 * <p>Each test races many rounds, the two sides released together by a spin and spread by a random pause; how often
 * each side won is printed. Scales with {@code -Dweft.stress=N} (10 with {@code -Dweft.long=true}).
 */
class CancelForwardedOnceStressTest extends TestBase {

  private static final int SCALE = Integer.getInteger("weft.stress", Boolean.getBoolean("weft.long") ? 10 : 1);
  private static final int ROUNDS = 20_000 * SCALE;
  private static final Duration LIVENESS = Duration.ofSeconds(60L * SCALE);

  /** A promise that counts every {@code cancel} call it receives, won or not. */
  private static final class CountingPromise extends Promise<Integer> {
    final AtomicInteger cancels = new AtomicInteger();

    @Override
    public boolean cancel(final String reason) {
      cancels.incrementAndGet();
      return super.cancel(reason);
    }
  }

  @Test
  void aCoroutineFollowingItsReturnedTaskPassesOneCancelOnOnce() {
    @SuppressWarnings("unchecked")
    Promise<Integer>[] awaited = new Promise[ROUNDS];
    CountingPromise[] followed = new CountingPromise[ROUNDS];
    @SuppressWarnings("unchecked")
    Task<Integer>[] tasks = new Task[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      awaited[i] = new Promise<>();
      followed[i] = new CountingPromise();
      tasks[i] = HandCompiled.awaitThenFollow(awaited[i], followed[i]); // no loop: resumes on the waking thread
    }

    assertTimeoutPreemptively(LIVENESS, () -> lockstep(i -> awaited[i].complete(1), i -> tasks[i].cancel()));

    int[] byCancels = new int[3];
    for (int i = 0; i < ROUNDS; i++) {
      int n = followed[i].cancels.get();
      assertTrue(n <= 1, "round " + i + ": one cancel() passed on " + n + " times");
      assertTrue(tasks[i].isCancelled(), "round " + i + ": the coroutine ends cancelled");
      byCancels[n]++;
    }
    System.out.printf("CancelForwardedOnceStressTest, coroutine: %d rounds: delivered at the await %d, passed on"
        + " once %d%n", ROUNDS, byCancels[0], byCancels[1]);
  }

  @Test
  void aSpawnedTaskPassesOneCancelOnOnce() {
    AtomicReferenceArray<Task<Integer>> spawned = new AtomicReferenceArray<>(ROUNDS);
    AtomicReferenceArray<CountingPromise> returned = new AtomicReferenceArray<>(ROUNDS);

    assertTimeoutPreemptively(LIVENESS, () -> onBusyLoop(loop -> {
      for (int i = 0; i < ROUNDS; i++) {
        int round = i;
        loop.callSoonThreadsafe(() -> spawned.set(round, Weft.spawn(() -> {
          CountingPromise p = new CountingPromise();
          returned.set(round, p);
          return p;
        })));
        spin(() -> spawned.get(round) != null);
        jitter(64);
        assertTrue(spawned.get(round).cancel(), "round " + i + ": cancel() of a pending task");
      }
    }));

    int started = 0;
    for (int i = 0; i < ROUNDS; i++) {
      CountingPromise p = returned.get(i);
      assertTrue(spawned.get(i).isCancelled(), "round " + i + ": the spawned task ends cancelled");
      if (p != null) {
        started++;
        assertEquals(1, p.cancels.get(), "round " + i + ": cancellations the body's task received");
      }
    }
    System.out.printf("CancelForwardedOnceStressTest, spawn: %d rounds: cancelled before the body started %d,"
        + " passed on once %d%n", ROUNDS, ROUNDS - started, started);
  }

  @Test
  void aSubmittedTaskIsCancelledOnceByItsFuture() {
    AtomicReferenceArray<CountingPromise> started = new AtomicReferenceArray<>(ROUNDS);
    AtomicIntegerArray cancelled = new AtomicIntegerArray(ROUNDS);

    assertTimeoutPreemptively(LIVENESS, () -> onBusyLoop(loop -> {
      for (int i = 0; i < ROUNDS; i++) {
        int round = i;
        CompletableFuture<Integer> f = loop.submit(() -> {
          CountingPromise p = new CountingPromise();
          started.set(round, p);
          return p;
        });
        if (i % 2 == 0) {
          jitter(1024); // before or as the loop takes the submission up
        } else {
          spin(() -> started.get(round) != null); // as the loop starts following the body's task
          jitter(16);
        }
        cancelled.set(i, f.cancel(false) ? 1 : 0);
      }
    }));

    int ran = 0;
    for (int i = 0; i < ROUNDS; i++) {
      assertEquals(1, cancelled.get(i), "round " + i + ": cancel() of a pending future");
      CountingPromise p = started.get(i);
      if (p != null) {
        ran++;
        assertEquals(1, p.cancels.get(), "round " + i + ": cancellations the started task received");
      }
    }
    System.out.printf("CancelForwardedOnceStressTest, submit: %d rounds: cancelled before the start %d, after %d%n",
        ROUNDS, ROUNDS - ran, ran);
  }

  @Test
  void aRepeatedCancelOfASubmittedFutureCancelsItsTaskOnce() {
    CountingPromise task = new CountingPromise();
    AtomicInteger started = new AtomicInteger();
    boolean[] answers = new boolean[2];

    assertTimeoutPreemptively(LIVENESS, () -> onBusyLoop(loop -> {
      CompletableFuture<Integer> f = loop.submit(() -> {
        started.set(1);
        return task;
      });
      spin(() -> started.get() == 1);
      answers[0] = f.cancel(false);
      answers[1] = f.cancel(false); // CompletableFuture answers true again; it must do nothing more
    }));

    assertTrue(answers[0] && answers[1], "both cancel() calls answer true");
    assertEquals(1, task.cancels.get(), "cancellations the started task received");
  }

  /** Runs {@code a(i)} on a helper thread and {@code b(i)} here, round by round, each released on both at once. */
  private static void lockstep(final IntConsumer a, final IntConsumer b) throws InterruptedException {
    AtomicInteger released = new AtomicInteger(-1);
    AtomicInteger finished = new AtomicInteger(-1);
    Thread helper = new Thread(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        int round = i;
        spin(() -> released.get() >= round);
        jitter(64);
        a.accept(i);
        finished.set(i);
      }
    }, "racer");
    helper.start();
    for (int i = 0; i < ROUNDS; i++) {
      int previous = i - 1;
      spin(() -> finished.get() >= previous);
      released.set(i);
      jitter(64);
      b.accept(i);
    }
    helper.join();
  }

  /** An event loop of its own thread, kept busy (never asleep in select), so that it takes up work at once. */
  private interface LoopWork {
    void run(EventLoop loop) throws Exception;
  }

  private static void onBusyLoop(final LoopWork work) throws Exception {
    EventLoop loop = new EventLoop();
    Thread thread = new Thread(() -> {
      loop.runForever();
      loop.close();
    }, "busy-loop");
    thread.start();
    Runnable[] busy = new Runnable[1];
    boolean[] spinning = {true}; // loop thread only
    busy[0] = () -> {
      if (spinning[0]) {
        loop.callSoon(busy[0]);
      }
    };
    loop.callSoonThreadsafe(busy[0]);
    try {
      work.run(loop);
    } finally {
      loop.submit(() -> {
        spinning[0] = false;
        return done(null);
      }).join(); // everything submitted before has run
      loop.stop();
      thread.join();
    }
  }

  private static void spin(final java.util.function.BooleanSupplier until) {
    while (!until.getAsBoolean()) {
      Thread.onSpinWait();
    }
  }

  /** A random pause of up to {@code max} {@code onSpinWait}s: spreads one side's action over the other's. */
  private static void jitter(final int max) {
    for (int i = ThreadLocalRandom.current().nextInt(max + 1); i > 0; i--) {
      Thread.onSpinWait();
    }
  }
}
