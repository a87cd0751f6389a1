package dev.weft.loop;

import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.TestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * asyncio's scheduling API on the loop: {@code callSoon}, {@code callSoonThreadsafe}, {@code callLater},
 * {@code callAt}, {@code time()} and the handles that cancel them. Time is a manual clock: no test waits.
 */
class LoopCallbacksTest extends TestBase {

  private final ManualClock clock = new ManualClock();
  private EventLoop loop;

  @BeforeEach
  void open() {
    loop = new EventLoop(clock);
    loop.bind();
  }

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void callSoonRunsOnTheNextTurnInOrder() {
    expect(1);
    loop.callSoon(() -> expect(3));
    loop.callSoon(() -> {
      expect(4);
      loop.callSoon(() -> finish(5)); // added during a turn: runs on the next one
    });
    expect(2);

    loop.runOnce();
    loop.runOnce();
  }

  @Test
  void aCancelledCallSoonNeverRuns() {
    List<String> log = new ArrayList<>();
    CallbackHandle a = loop.callSoon(() -> log.add("a"));
    CallbackHandle b = loop.callSoon(() -> log.add("b"));

    assertTrue(a.cancel());
    loop.runOnce();

    assertEquals(List.of("b"), log);
    assertTrue(a.isCancelled());
    assertFalse(a.cancel(), "a second cancel is a no-op");
    assertFalse(b.cancel(), "too late: it ran");
    assertFalse(b.isCancelled());
  }

  @Test
  void timeIsTheLoopClock() {
    long t0 = loop.time();
    clock.advance(1234);

    assertEquals(t0 + 1234, loop.time());
  }

  @Test
  void callLaterFiresAtItsDeadlineNeverBefore() {
    List<String> log = new ArrayList<>();
    TimerHandle h = loop.callLater(Duration.ofMillis(10), () -> log.add("fired at " + loop.time()));
    long due = h.deadline();

    clock.advance(TimeUnit.MILLISECONDS.toNanos(10) - 1);
    loop.runOnce();
    assertEquals(List.of(), log);
    clock.advance(1);
    loop.runOnce();

    assertEquals(List.of("fired at " + due), log);
  }

  @Test
  void callAtUsesTheTimeScaleAndAPastDeadlineFiresOnTheNextTurn() {
    List<String> log = new ArrayList<>();
    long now = loop.time();
    loop.callAt(now + 100, () -> log.add("at+100"));
    loop.callAt(now - 5, () -> log.add("past"));

    loop.runOnce();
    assertEquals(List.of("past"), log);
    clock.advance(100);
    loop.runOnce();

    assertEquals(List.of("past", "at+100"), log);
  }

  @Test
  void callAtFarBeyondTheMaximumIsClampedNotOverflowed() {
    TimerHandle h = loop.callAt(loop.time() + Long.MAX_VALUE, () -> { });

    assertEquals(EventLoop.MAX_DELAY_NANOS, h.deadline() - loop.time());
  }

  @Test
  void aCancelledTimerHandleNeverFires() {
    List<String> log = new ArrayList<>();
    CallbackHandle h = loop.callLater(Duration.ofNanos(5), () -> log.add("x"));

    assertTrue(h.cancel());
    clock.advance(10);
    loop.callSoon(() -> log.add("turn")); // something to do, or an idle runOnce() would wait in select forever
    loop.runOnce();

    assertEquals(List.of("turn"), log);
  }

  @Test
  void timerMethodsRejectOtherThreads() throws InterruptedException {
    List<Throwable> errors = new ArrayList<>();
    Thread other = new Thread(() -> {
      try {
        loop.callLater(Duration.ZERO, () -> { });
      } catch (IllegalStateException e) {
        errors.add(e);
      }
      try {
        loop.callAt(0, () -> { });
      } catch (IllegalStateException e) {
        errors.add(e);
      }
    });
    other.start();
    other.join();

    assertEquals(2, errors.size());
  }

  @Test
  void callSoonThreadsafeWakesALoopWaitingOnAFarTimer() {
    String v = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(() -> {
      EventLoop l = EventLoop.current();
      l.callLater(Duration.ofHours(1), () -> { });
      Promise<String> p = new Promise<>();
      new Thread(() -> l.callSoonThreadsafe(() -> p.complete("woken"))).start();
      return p;
    }));

    assertEquals("woken", v);
  }

  @Test
  void callSoonThreadsafeCancelledFromItsThreadNeverRuns() throws InterruptedException {
    List<String> log = new ArrayList<>();
    Thread other = new Thread(() -> {
      CallbackHandle h = loop.callSoonThreadsafe(() -> log.add("x"));
      h.cancel();
      loop.callSoonThreadsafe(() -> log.add("y"));
    });
    other.start();
    other.join();

    loop.runOnce();

    assertEquals(List.of("y"), log);
  }

  @Test
  void schedulingOnAClosedLoopThrows() {
    EventLoop closed = new EventLoop();
    closed.close();

    assertThrows(IllegalStateException.class, () -> closed.callSoonThreadsafe(() -> { }));
    assertThrows(IllegalStateException.class, () -> closed.submit(() -> null));
  }
}
