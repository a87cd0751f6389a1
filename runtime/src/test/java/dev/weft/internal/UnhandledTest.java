package dev.weft.internal;

import static dev.weft.Weft.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.TestBase;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where exceptions nobody can receive go, when even logging fails: out of file descriptors, the first log record of
 * a JVM cannot be formatted (JUL's formatter cannot load the time-zone data), and the logger throws. Found by the
 * accept test of TEST-PLAN #25: the throw escaped {@link Unhandled#report} and ended the event loop.
 */
class UnhandledTest extends TestBase {

  /** Held: JUL keeps loggers weakly. */
  private final Logger jul = Logger.getLogger("dev.weft");
  private final Handler broken = new Handler() {
    @Override
    public void publish(final LogRecord r) {
      throw new Error("java.io.FileNotFoundException: tzdb.dat (Too many open files)");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream realErr;

  @BeforeEach
  void breakLogging() {
    jul.addHandler(broken);
    realErr = System.err;
    System.setErr(new PrintStream(err, true, UTF_8));
  }

  @AfterEach
  void repairLogging() {
    System.setErr(realErr);
    jul.removeHandler(broken);
  }

  @Test
  void reportReturnsWhenTheHandlerAndLoggingBothThrow() {
    Weft.setUnhandledExceptionHandler(t -> {
      throw new IllegalStateException("handler broken");
    });
    RuntimeException lost = new RuntimeException("boom");

    Unhandled.report(lost);

    assertEquals(1, err.toString(UTF_8).lines().count(), "one line on standard error: " + err);
    assertTrue(err.toString(UTF_8).contains("boom"), err.toString(UTF_8));
  }

  @Test
  void theLoopGoesOnWhenLoggingAThrowingCallbackFails() {
    Weft.setUnhandledExceptionHandler(null); // the default handler: it logs, and logging throws

    String result = run(() -> {
      EventLoop loop = EventLoop.current();
      loop.execute(() -> {
        throw new RuntimeException("callback boom");
      });
      Promise<String> later = new Promise<>();
      loop.callLater(Duration.ofMillis(10), () -> later.complete("went on"));
      return later;
    });

    assertEquals("went on", result);
    assertTrue(err.toString(UTF_8).contains("callback boom"), err.toString(UTF_8));
  }
}
