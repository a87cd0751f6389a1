package dev.weft.loop;

import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.TestBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop itself: queues, timers, wake-ups, I/O. Standalone loops are driven turn by turn with a manual clock. */
class EventLoopTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void currentIsNullOffAnyLoop() {
    assertNull(EventLoop.current());
  }

  @Test
  void executeFromAnotherThreadWakesASelectWaitingOnAFarTimer() {
    String v = assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      EventLoop loop = EventLoop.current();
      loop.schedule(1, TimeUnit.HOURS, () -> { });
      Promise<String> p = new Promise<>();
      // The loop has nothing to do but wait for the timer an hour away; only the wake-up can end this test.
      new Thread(() -> loop.execute(() -> p.complete("woken")), "submitter").start();
      return p;
    }));

    assertEquals("woken", v);
  }

  @Test
  void manyThreadsSubmittingConcurrentlyLoseNothing() {
    int threads = 4;
    int each = 10_000;
    int[] count = {0};

    assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      EventLoop loop = EventLoop.current();
      Promise<Void> all = new Promise<>();
      for (int t = 0; t < threads; t++) {
        new Thread(() -> {
          for (int i = 0; i < each; i++) {
            loop.execute(() -> {
              if (++count[0] == threads * each) {
                all.complete(null);
              }
            });
          }
        }).start();
      }
      return all;
    }));

    assertEquals(threads * each, count[0]);
  }

  @Test
  void timersFireByDeadlineThenBySchedulingOrder() {
    ManualClock clock = new ManualClock();
    EventLoop loop = new EventLoop(clock);
    loop.bind();
    try {
      List<String> log = new ArrayList<>();
      loop.schedule(30, TimeUnit.NANOSECONDS, () -> log.add("30"));
      loop.schedule(10, TimeUnit.NANOSECONDS, () -> log.add("10a"));
      loop.schedule(20, TimeUnit.NANOSECONDS, () -> log.add("20"));
      loop.schedule(10, TimeUnit.NANOSECONDS, () -> log.add("10b"));

      clock.advance(20);
      loop.runOnce();
      assertEquals(List.of("10a", "10b", "20"), log);
      clock.advance(10);
      loop.runOnce();

      assertEquals(List.of("10a", "10b", "20", "30"), log);
    } finally {
      loop.close();
    }
  }

  @Test
  void aZeroDelayTimerScheduledByATimerWaitsForTheNextTurn() {
    ManualClock clock = new ManualClock();
    EventLoop loop = new EventLoop(clock);
    loop.bind();
    try {
      List<String> log = new ArrayList<>();
      loop.schedule(0, TimeUnit.NANOSECONDS, () -> {
        log.add("outer");
        loop.schedule(0, TimeUnit.NANOSECONDS, () -> log.add("inner"));
      });

      loop.runOnce();
      assertEquals(List.of("outer"), log);
      loop.runOnce();

      assertEquals(List.of("outer", "inner"), log);
    } finally {
      loop.close();
    }
  }

  @Test
  void cancelledTimersNeverFire() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      ManualClock clock = new ManualClock();
      EventLoop loop = new EventLoop(clock);
      loop.bind();
      try {
        List<String> log = new ArrayList<>();
        TimerHandle onLoop = loop.schedule(5, TimeUnit.NANOSECONDS, () -> log.add("onLoop"));
        TimerHandle offLoop = loop.schedule(5, TimeUnit.NANOSECONDS, () -> log.add("offLoop"));
        loop.schedule(5, TimeUnit.NANOSECONDS, () -> log.add("kept"));

        assertTrue(onLoop.cancel());
        Thread other = new Thread(() -> assertTrue(offLoop.cancel()));
        other.start();
        other.join();
        clock.advance(5);
        loop.runOnce();

        assertEquals(List.of("kept"), log);
        assertFalse(onLoop.cancel(), "a second cancel is a no-op");
        assertEquals(0, loop.timers().size());
      } finally {
        loop.close();
      }
    });
  }

  @Test
  void workAddedDuringATurnRunsOnTheNextTurn() {
    EventLoop loop = new EventLoop(new ManualClock());
    loop.bind();
    try {
      List<String> log = new ArrayList<>();
      loop.execute(() -> {
        log.add("a");
        loop.execute(() -> log.add("c"));
      });
      loop.execute(() -> log.add("b"));

      loop.runOnce();
      assertEquals(List.of("a", "b"), log);
      loop.runOnce();

      assertEquals(List.of("a", "b", "c"), log);
    } finally {
      loop.close();
    }
  }

  @Test
  void aThrowingCallbackIsReportedAndTheLoopGoesOn() {
    RuntimeException boom = new RuntimeException("boom");
    EventLoop loop = new EventLoop(new ManualClock());
    loop.bind();
    try {
      List<String> log = new ArrayList<>();
      loop.execute(() -> {
        throw boom;
      });
      loop.execute(() -> log.add("after"));

      loop.runOnce();

      assertEquals(List.of("after"), log);
      assertEquals(List.of(boom), takeUnhandled());
    } finally {
      loop.close();
    }
  }

  @Test
  void loopOnlyMethodsRejectOtherThreads() {
    EventLoop loop = new EventLoop();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> loop.schedule(1, TimeUnit.SECONDS, () -> { }));
      assertTrue(e.getMessage().contains("event loop's thread"), e.getMessage());
    } finally {
      loop.close();
    }
  }

  @Test
  void anIoHandlerRunsWhenItsChannelIsReady() throws IOException {
    Pipe pipe = Pipe.open();
    try {
      String v = assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
        EventLoop loop = EventLoop.current();
        Promise<String> got = new Promise<>();
        try {
          pipe.source().configureBlocking(false);
          loop.register(pipe.source(), SelectionKey.OP_READ, key -> {
            ByteBuffer buf = ByteBuffer.allocate(16);
            try {
              pipe.source().read(buf);
            } catch (IOException e) {
              got.fail(e);
              return;
            }
            key.cancel();
            got.complete(new String(buf.array(), 0, buf.position()));
          });
        } catch (IOException e) {
          got.fail(e);
        }
        new Thread(() -> {
          try {
            pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
          } catch (Exception e) {
            got.fail(e);
          }
        }).start();
        return got;
      }));

      assertEquals("ping", v);
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void executeOnAClosedLoopIsDropped() {
    EventLoop loop = new EventLoop();
    loop.close();
    boolean[] ran = {false};

    loop.execute(() -> ran[0] = true);

    assertTrue(loop.isClosed());
    assertFalse(ran[0]);
    assertSame(null, EventLoop.current());
  }

  @Test
  void anInterruptedLoopThreadWaitsInSelectInsteadOfSpinningAndGetsTheInterruptBackAtClose() {
    EventLoop loop = new EventLoop();
    loop.bind();
    loop.callSoon(() -> Thread.currentThread().interrupt());
    loop.callLater(Duration.ofMillis(200), loop::stop);

    loop.runForever();
    long selects = loop.selectCalls;
    boolean flagAfterRun = Thread.currentThread().isInterrupted();
    loop.close();
    boolean flagAfterClose = Thread.interrupted(); // clears it for the next test

    // An interrupted thread's select returns at once: held, it would have been called thousands of times.
    assertTrue(selects < 20, "selects while idle for 200 ms: " + selects);
    assertFalse(flagAfterRun, "held while the loop may still run");
    assertTrue(flagAfterClose, "given back when the loop closes");
  }
}
