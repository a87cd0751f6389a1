package dev.weft.reliability;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import dev.weft.sync.AsyncEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Load on one loop (issue 7): one million concurrent tasks, and one hundred thousand timers.
 *
 * <p>Proves: a million spawned tasks, all suspended at once on one {@link AsyncEvent}, are all woken by one
 * {@code set()} and all finish; a hundred thousand timers (zero, negative, short, and clamped {@code Long.MAX_VALUE}
 * delays; half of them cancelled, some from inside other timers) fire exactly when they should: each live timer
 * once and never before its deadline on the loop's clock, no cancelled one ever; 100,000 {@code sleep} tasks all
 * complete. Memory is bounded: the heap after a full GC once the loop has closed is back near where it started
 * (bound: baseline + 64 MiB, generous); peak figures are printed, not asserted.
 *
 * <p>The same counts in both forms (they are the figures); {@code -Dweft.long=true} repeats each 5 times,
 * which also shows that nothing accumulates from run to run.
 */
class LoadTest {

  private static final int TASKS = 1_000_000;
  private static final int TIMERS = 100_000;
  private static final int ROUNDS = Scale.pick(1, 5);
  private static final long HEAP_SLACK = 64L << 20;
  private static final Duration LIVENESS = Duration.ofSeconds(300);

  @Async
  private static Task<Void> waiter(final AsyncEvent event, final int[] started, final int[] finished) {
    started[0]++;
    await(event.awaitSet());
    finished[0]++;
    return done();
  }

  /** Spawns the tasks, lets them all suspend, measures, wakes them all, waits for the last. */
  @Async
  private static Task<long[]> millionTasks() {
    AsyncEvent event = new AsyncEvent();
    int[] started = {0};
    int[] finished = {0};
    Promise<Void> last = new Promise<>();
    for (int i = 0; i < TASKS; i++) {
      spawn(() -> waiter(event, started, finished)).onDone(t -> {
        if (finished[0] == TASKS) {
          last.complete(null);
        }
      });
    }
    while (started[0] < TASKS) { // they start on later turns; a turn's budget runs part of them only
      await(sleep(0));
    }
    long peak = Scale.usedHeapAfterGc(); // a million suspended tasks
    event.set();
    await(last);
    return done(new long[] {peak, finished[0]});
  }

  @Test
  void oneMillionConcurrentTasksOnOneLoop() {
    run(() -> done()); // warm up the loop's classes
    long baseline = Scale.usedHeapAfterGc();
    for (int r = 0; r < ROUNDS; r++) {
      long started = System.nanoTime();
      long[] figures = assertTimeoutPreemptively(LIVENESS, () -> run(LoadTest::millionTasks));
      long millis = (System.nanoTime() - started) / 1_000_000;
      long after = Scale.usedHeapAfterGc();
      System.out.printf("LoadTest: %,d tasks suspended on one AsyncEvent, all woken and finished in %d ms; heap "
          + "after GC: baseline %s, all suspended %s (%d bytes/task), after %s%n", TASKS, millis, Scale.mib(baseline),
          Scale.mib(figures[0]), (figures[0] - baseline) / TASKS, Scale.mib(after));
      assertEquals(TASKS, figures[1]);
      assertTrue(after <= baseline + HEAP_SLACK, "heap after: " + Scale.mib(after) + ", baseline "
          + Scale.mib(baseline));
    }
  }

  /** Schedules the timers; each records the loop time it fired at. */
  @Async
  private static Task<int[]> hundredThousandTimers(final long seed) {
    EventLoop loop = EventLoop.current();
    Random rnd = new Random(seed);
    long[] deadline = new long[TIMERS];
    int[] fired = new int[TIMERS];
    boolean[] cancelled = new boolean[TIMERS];
    int[] early = {0};
    TimerHandle[] handles = new TimerHandle[TIMERS];
    int live = 0;
    for (int i = 0; i < TIMERS; i++) {
      int me = i;
      long delayMillis = switch (rnd.nextInt(8)) {
        case 0 -> 0;
        case 1 -> -rnd.nextInt(1000);
        case 2 -> Long.MAX_VALUE; // clamped; always cancelled below
        default -> rnd.nextInt(200);
      };
      long now = loop.nanoTime();
      handles[i] = loop.schedule(delayMillis, TimeUnit.MILLISECONDS, () -> {
        fired[me]++;
        if (loop.nanoTime() < deadline[me]) {
          early[0]++;
        }
        if (me % 7 == 0) { // cancel a later timer from inside a timer (it may have fired already: then no-op)
          int victim = (me * 31 + 17) % TIMERS;
          if (handles[victim] != null && !cancelled[victim] && fired[victim] == 0 && handles[victim].cancel()) {
            cancelled[victim] = true;
          }
        }
      });
      deadline[i] = Math.max(now, now + Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)),
          EventLoop.MAX_DELAY_NANOS));
      if (delayMillis == Long.MAX_VALUE || rnd.nextBoolean()) {
        if (handles[i].cancel()) {
          cancelled[i] = true;
        }
      }
    }
    List<Task<Void>> sleeps = new ArrayList<>(TIMERS);
    for (int i = 0; i < TIMERS; i++) {
      sleeps.add(sleep(rnd.nextInt(200)));
    }
    await(dev.weft.Weft.gather(sleeps));
    await(sleep(250)); // past every finite deadline above
    int firedOnce = 0;
    int firedCancelled = 0;
    int lost = 0;
    int twice = 0;
    for (int i = 0; i < TIMERS; i++) {
      if (cancelled[i]) {
        firedCancelled += fired[i];
      } else {
        live++;
        if (fired[i] == 1) {
          firedOnce++;
        } else if (fired[i] == 0) {
          lost++;
        } else {
          twice++;
        }
      }
    }
    return done(new int[] {live, firedOnce, lost, twice, firedCancelled, early[0], loop.keyCount()});
  }

  @Test
  void oneHundredThousandTimersOnOneLoop() {
    long seed = Long.getLong("weft.seed", System.nanoTime());
    run(() -> done());
    long baseline = Scale.usedHeapAfterGc();
    for (int r = 0; r < ROUNDS; r++) {
      long s = seed + r;
      int[] f = assertTimeoutPreemptively(LIVENESS, () -> run(() -> hundredThousandTimers(s)));
      long after = Scale.usedHeapAfterGc();
      System.out.printf("LoadTest: %,d timers (seed %d): %d live fired once, %d lost, %d fired twice, %d cancelled "
          + "yet fired, %d early; %,d sleeps done; heap after GC: baseline %s, after %s%n", TIMERS, s, f[1], f[2],
          f[3], f[4], f[5], TIMERS, Scale.mib(baseline), Scale.mib(after));
      String at = "seed " + s + " (rerun with -Dweft.seed)";
      assertEquals(f[0], f[1], at + ": every live timer fired exactly once");
      assertEquals(0, f[4], at + ": no cancelled timer fired");
      assertEquals(0, f[5], at + ": no timer fired before its deadline");
      assertTrue(after <= baseline + HEAP_SLACK, "heap after: " + Scale.mib(after));
    }
  }
}
