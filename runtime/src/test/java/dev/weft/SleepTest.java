package dev.weft;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Weft.sleep}, on the real loop. */
class SleepTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void theShorterSleepFinishesFirst() {
    List<String> log = new ArrayList<>();

    List<String> values = assertTimeoutPreemptively(LIVENESS, () -> run(() -> gather(
        HandCompiled.sleeper(60, "slow", log),
        HandCompiled.sleeper(10, "fast", log),
        HandCompiled.sleeper(30, "middle", log))));

    assertEquals(List.of("fast", "middle", "slow"), log);
    assertEquals(List.of("slow", "fast", "middle"), values, "gather keeps argument order");
  }

  @Test
  void sleepZeroYieldsExactlyOneTurn() {
    List<String> log = new ArrayList<>();

    run(() -> {
      EventLoop loop = EventLoop.current();
      // Re-posts itself each turn: ready work added during a turn runs on the next one, so it ticks once a turn.
      loop.execute(new Runnable() {
        private int n;

        @Override
        public void run() {
          log.add("tick" + ++n);
          if (n < 4) {
            loop.execute(this);
          }
        }
      });
      return spawn(() -> {
        log.add("start");
        return HandCompiled.sleeper(0, "resumed", log);
      });
    });

    assertEquals(List.of("tick1", "start", "tick2", "resumed"), log.subList(0, 4));
  }

  @Test
  void negativeDelaysBehaveAsZero() {
    List<String> log = new ArrayList<>();

    run(() -> gather(HandCompiled.sleeper(-5, "a", log), HandCompiled.sleeper(Long.MIN_VALUE, "b", log)));

    assertEquals(List.of("a", "b"), log);
  }

  @Test
  void absurdDelaysAreClampedAndCancellable() {
    boolean[] cancelled = new boolean[2];

    run(() -> {
      Task<Void> a = sleep(Long.MAX_VALUE);
      Task<Void> b = sleep(Duration.ofSeconds(Long.MAX_VALUE));
      assertFalse(a.isDone());
      assertFalse(b.isDone());
      cancelled[0] = a.cancel();
      cancelled[1] = b.cancel();
      return Weft.done();
    });

    assertTrue(cancelled[0] && cancelled[1]);
  }

  @Test
  void cancellingASleepCancelsItsTimer() {
    List<String> log = new ArrayList<>();

    run(() -> {
      Task<String> t = HandCompiled.sleeper(5, "never", log);
      t.cancel();
      return HandCompiled.then(sleep(20), () -> "ok");
    });

    assertEquals(List.of(), log);
  }

  @Test
  void sleepNeedsARunningLoop() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sleep(1));

    assertTrue(e.getMessage().contains("Weft.run"), e.getMessage());
  }
}
