package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.TestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timer heap under 100,000 pending timers ({@code -Dweft.stress=k} multiplies the count): delays of zero,
 * negative, about {@code Long.MAX_VALUE} (clamped), around the clamp and random; half of them cancelled, from the
 * loop thread, from another thread (the lazy path, then compaction) and from inside firing callbacks. A manual
 * clock that starts just below {@code Long.MAX_VALUE}, so deadlines wrap around, moves in random steps. Checked: no
 * timer fires early, none is late (each due timer has fired after the turn that reached its deadline), none is lost,
 * none fires twice, none fires after a successful cancel.
 */
class TimerStressTest extends TestBase {

  private static final int COUNT = 100_000 * Integer.getInteger("weft.stress", 1);

  @Test
  void hundredThousandTimersHalfCancelledNoneEarlyLateLostOrFiredWhenCancelled() throws InterruptedException {
    Random random = new Random(20261122L);
    ManualClock clock = new ManualClock(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(5));
    EventLoop loop = new EventLoop(clock);
    loop.bind();
    try {
      long[] due = new long[COUNT];
      int[] fired = new int[COUNT];
      boolean[] cancelled = new boolean[COUNT];
      TimerHandle[] handles = new TimerHandle[COUNT];
      List<String> errors = new ArrayList<>();

      for (int i = 0; i < COUNT; i++) {
        final int id = i;
        long delay;
        switch (i % 6) {
          case 0 -> delay = 0;
          case 1 -> delay = -1 - random.nextInt(1_000_000);
          case 2 -> delay = Long.MAX_VALUE - random.nextInt(1_000);
          case 3 -> delay = EventLoop.MAX_DELAY_NANOS - 500 + random.nextInt(1_000);
          default -> delay = (long) (random.nextDouble() * TimeUnit.SECONDS.toNanos(10));
        }
        long now = clock.nanoTime();
        due[i] = now + Math.min(Math.max(0, delay), EventLoop.MAX_DELAY_NANOS);
        Runnable action = () -> {
          fired[id]++;
          if (clock.nanoTime() - due[id] < 0) {
            errors.add("timer " + id + " fired " + (due[id] - clock.nanoTime()) + " ns early");
          }
          if (cancelled[id]) {
            errors.add("timer " + id + " fired after a successful cancel");
          }
          if (id % 7 == 0) { // cancel some other timer from inside a firing callback
            int other = (int) ((id * 31L + 7) % COUNT);
            if (handles[other] != null && handles[other].cancel()) {
              cancelled[other] = true;
            }
          }
        };
        handles[i] = switch (i % 3) {
          case 0 -> loop.schedule(delay, TimeUnit.NANOSECONDS, action);
          case 1 -> loop.callLater(Duration.ofNanos(delay), action);
          default -> loop.callAt(now + Math.max(delay, -1_000_000), action);
        };
        if (i % 3 == 2 && delay > EventLoop.MAX_DELAY_NANOS) {
          due[i] = handles[i].deadline(); // callAt with a wrapped deadline: checked against what the loop took
        }
      }

      // Half cancelled before the first turn: one half of those on the loop thread, the other from another thread.
      List<Integer> offLoop = new ArrayList<>();
      for (int i = 0; i < COUNT; i++) {
        if (random.nextBoolean()) {
          if (random.nextBoolean()) {
            cancelled[i] = handles[i].cancel();
            assertTrue(cancelled[i]);
          } else {
            offLoop.add(i);
          }
        }
      }
      Thread other = new Thread(() -> {
        for (int i : offLoop) {
          cancelled[i] = handles[i].cancel();
        }
      });
      other.start();
      other.join(); // publishes cancelled[] to this thread

      // Random steps through the first 10 s, then jumps past the clamp, each followed by one (busy) turn.
      long end = clock.nanoTime() + TimeUnit.SECONDS.toNanos(11);
      int turns = 0;
      while (clock.nanoTime() - end < 0) {
        step(loop, clock, random.nextInt(3) == 0 ? 0 : (long) (random.nextDouble() * 100_000_000L));
        turns++;
        checkNoneLate(clock.nanoTime(), due, fired, cancelled, errors);
      }
      for (int k = 0; k < 4; k++) {
        step(loop, clock, EventLoop.MAX_DELAY_NANOS / 2);
        checkNoneLate(clock.nanoTime(), due, fired, cancelled, errors);
      }
      step(loop, clock, 0);

      assertEquals(List.of(), errors.size() > 20 ? errors.subList(0, 20) : errors);
      int live = 0;
      for (int i = 0; i < COUNT; i++) {
        assertEquals(cancelled[i] ? 0 : 1, fired[i], "timer " + i + (cancelled[i] ? " (cancelled)" : ""));
        live += cancelled[i] ? 0 : 1;
      }
      assertTrue(live > COUNT / 4 && live < COUNT * 3 / 4, "about half cancelled: " + live + " live");
      assertEquals(0, loop.timers().size(), "nothing left in the heap");
      assertTrue(turns > 50, "the clock moved in many steps: " + turns);
    } finally {
      loop.close();
    }
  }

  /** Advances the clock, then runs one turn with something ready, so the turn never waits in select. */
  private static void step(final EventLoop loop, final ManualClock clock, final long nanos) {
    clock.advance(nanos);
    loop.callSoon(() -> { });
    loop.runOnce();
  }

  /** Every live timer due at {@code now} has fired by now (timers scheduled during a turn are not in this test). */
  private static void checkNoneLate(final long now, final long[] due, final int[] fired, final boolean[] cancelled,
      final List<String> errors) {
    for (int i = 0; i < due.length; i++) {
      if (!cancelled[i] && fired[i] == 0 && now - due[i] >= 0) {
        errors.add("timer " + i + " due " + (now - due[i]) + " ns ago has not fired");
        return;
      }
    }
  }
}
