package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.TestBase;
import dev.weft.internal.SpawnedTask;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode: slow-callback warnings (time from a manual clock: a callback is "slow" because it advances the clock,
 * so nothing here depends on real time) and the misuse check of loop-thread-only methods.
 */
class LoopDebugTest extends TestBase {

  private final ManualClock clock = new ManualClock();
  private final List<String> warnings = new ArrayList<>();
  private final Logger jul = Logger.getLogger(EventLoop.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(final LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(r.getMessage());
        }
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private EventLoop loop;

  @BeforeEach
  void open() {
    jul.addHandler(capture);
    loop = new EventLoop(clock);
    loop.bind();
  }

  @AfterEach
  void close() {
    loop.close();
    EventLoop.setDebug(false);
    EventLoop.setSlowCallbackThreshold(Duration.ofMillis(100));
    jul.removeHandler(capture);
  }

  private long ms(final long n) {
    return Duration.ofMillis(n).toNanos();
  }

  @Test
  void offByDefault() {
    assertFalse(EventLoop.isDebug());
    assertEquals(Duration.ofMillis(100), EventLoop.slowCallbackThreshold());
  }

  @Test
  void withoutDebugModeASlowCallbackIsNotReported() {
    loop.callSoon(() -> clock.advance(ms(500)));

    loop.runOnce();

    assertEquals(List.of(), warnings);
  }

  @Test
  void aSlowCallbackIsReportedWithItsDurationAndAFastOneIsNot() {
    EventLoop.setDebug(true);
    Runnable slow = new Runnable() {
      @Override
      public void run() {
        clock.advance(ms(150));
      }

      @Override
      public String toString() {
        return "the-slow-one";
      }
    };
    loop.callSoon(() -> clock.advance(ms(99)));
    loop.callSoon(slow);

    loop.runOnce();

    assertEquals(1, warnings.size(), warnings.toString());
    String w = warnings.get(0);
    assertTrue(w.contains("the-slow-one") && w.contains("150.0 ms") && w.contains("threshold 100.0 ms"), w);
  }

  @Test
  void aSlowTaskIsNamedAsATask() {
    EventLoop.setDebug(true);
    SpawnedTask<String> t = new SpawnedTask<>(loop, () -> {
      clock.advance(ms(200));
      Promise<String> p = new Promise<>();
      p.complete("x");
      return p;
    });

    loop.runOnce();

    assertTrue(t.isDone());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("Executing task "), warnings.get(0));
  }

  @Test
  void slowTimersAndIoHandlersAreReportedToo() throws IOException {
    EventLoop.setDebug(true);
    EventLoop.setSlowCallbackThreshold(Duration.ofMillis(10));
    loop.callLater(Duration.ZERO, () -> clock.advance(ms(10)));
    Pipe pipe = Pipe.open();
    try {
      pipe.source().configureBlocking(false);
      loop.register(pipe.source(), SelectionKey.OP_READ, new IoHandler() {
        @Override
        public void ready(final SelectionKey key) {
          key.cancel();
          clock.advance(ms(20));
        }

        @Override
        public String toString() {
          return "pipe-reader";
        }
      });
      pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

      loop.runOnce(); // the timer is due and the pipe readable: both run in this turn

      assertEquals(2, warnings.size(), warnings.toString());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("I/O handler pipe-reader")), warnings.toString());
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void inDebugModeCallSoonFromAnotherThreadThrows() throws InterruptedException {
    EventLoop.setDebug(true);
    AtomicReference<Throwable> error = new AtomicReference<>();

    Thread other = new Thread(() -> {
      try {
        loop.callSoon(() -> { });
      } catch (Throwable e) {
        error.set(e);
      }
    }, "not-the-loop");
    other.start();
    other.join();

    assertTrue(error.get() instanceof IllegalStateException, String.valueOf(error.get()));
    assertTrue(error.get().getMessage().contains("callSoonThreadsafe"), error.get().getMessage());
    assertTrue(error.get().getMessage().contains("not-the-loop"), error.get().getMessage());
  }

  @Test
  void withoutDebugModeCallSoonFromAnotherThreadIsSafe() throws InterruptedException {
    List<String> log = new ArrayList<>();
    Thread other = new Thread(() -> loop.callSoon(() -> log.add("ran")));
    other.start();
    other.join();

    loop.runOnce();

    assertEquals(List.of("ran"), log);
  }

  @Test
  void inDebugModeIoBufferFromAnotherThreadThrows() throws InterruptedException {
    EventLoop.setDebug(true);
    AtomicReference<Throwable> error = new AtomicReference<>();

    Thread other = new Thread(() -> {
      try {
        loop.ioBuffer();
      } catch (Throwable e) {
        error.set(e);
      }
    });
    other.start();
    other.join();

    assertTrue(error.get() instanceof IllegalStateException || error.get() instanceof AssertionError,
        String.valueOf(error.get()));
  }

  @Test
  void aNegativeThresholdIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> EventLoop.setSlowCallbackThreshold(Duration.ofMillis(-1)));
  }
}
