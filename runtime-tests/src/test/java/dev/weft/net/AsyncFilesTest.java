package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Task;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link AsyncFiles}: round trips small and large, text, errors, and the loop running on meanwhile. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFilesTest {

  @TempDir
  Path dir;

  /** Counts loop turns until stopped: proof that the loop was not blocked. */
  static final class Ticker {
    int ticks;
    boolean stop;

    @Async
    Task<Void> tick() {
      while (!stop) {
        ticks++;
        await(sleep(0));
      }
      return done();
    }
  }

  @Async
  private Task<Void> roundTrip(final int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Path f = dir.resolve("data-" + size);
    Thread loopThread = Thread.currentThread();
    Ticker ticker = new Ticker();
    Task<Void> ticking = spawn(ticker::tick);
    await(sleep(0)); // the ticker has started

    int before = ticker.ticks;
    await(AsyncFiles.write(f, data));
    assertSame(loopThread, Thread.currentThread(), "resumed on the loop thread");
    byte[] back = await(AsyncFiles.readAllBytes(f));
    assertSame(loopThread, Thread.currentThread(), "resumed on the loop thread");
    int during = ticker.ticks - before;

    ticker.stop = true;
    await(ticking);
    assertArrayEquals(data, back);
    assertTrue(during > 0, "the loop ran other tasks while the file was written and read: " + during + " ticks");
    return done();
  }

  @Test
  void smallFileRoundTrip() {
    run(() -> roundTrip(100));
  }

  @Test
  void eightMebibyteRoundTripWhileTheLoopKeepsTicking() {
    run(() -> roundTrip(8 * 1024 * 1024));
  }

  @Async
  private Task<Void> text() {
    Path f = dir.resolve("text.txt");
    await(AsyncFiles.writeString(f, "grüße\n"));
    await(AsyncFiles.writeString(f, "line two\n", StandardOpenOption.APPEND));
    assertEquals("grüße\nline two\n", await(AsyncFiles.readString(f)));
    return done();
  }

  @Test
  void textAndOpenOptions() {
    run(this::text);
  }

  @Async
  private Task<Void> missing() {
    try {
      await(AsyncFiles.readAllBytes(dir.resolve("no such file")));
      fail("read a missing file");
    } catch (Exception e) {
      assertTrue(e instanceof NoSuchFileException, "the original IOException: " + e);
    }
    return done();
  }

  @Test
  void aMissingFileFailsWithTheJdksException() {
    run(this::missing);
  }

  @Test
  void worksWithoutALoop() throws Exception {
    Path f = dir.resolve("no-loop");
    AsyncFiles.write(f, new byte[] {1, 2, 3}).join();
    assertArrayEquals(new byte[] {1, 2, 3}, AsyncFiles.readAllBytes(f).join());
  }
}
