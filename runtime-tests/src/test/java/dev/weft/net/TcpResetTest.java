package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that resets its connection: the task using the stream fails with an IOException; the loop goes on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpResetTest {

  /** A plain blocking client on another thread: reads the greeting, then closes with SO_LINGER 0 (an RST). */
  private static void resettingClient(final int port) {
    try (Socket s = new Socket(HOST, port)) {
      InputStream in = s.getInputStream();
      for (int i = 0; i < 6; i++) { // "hello\n"
        if (in.read() < 0) {
          throw new IOException("early EOF");
        }
      }
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Async
  private Task<Void> reset(final ExecutorService other) {
    Promise<Throwable> readFailure = new Promise<>();
    Promise<Throwable> drainFailure = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(bytes("hello\n"));
      byte[] first = await(in.readLine());
      if (first.length > 0) { // the well-behaved client: echo
        out.write(first);
        return done();
      }
      return done();
    }));
    TcpServer watched = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(bytes("hello\n"));
      try {
        await(in.read(100));
        readFailure.complete(null);
      } catch (Exception e) { // checked IOException through await: catch Exception and test
        readFailure.complete(e);
      }
      try {
        await(out.drain());
        drainFailure.complete(null);
      } catch (Exception e) {
        drainFailure.complete(e);
      }
      return done();
    }));

    await(CompletableFuture.runAsync(() -> resettingClient(watched.port()), other));
    Throwable e = await(readFailure);
    assertTrue(e instanceof IOException, "read after a reset: " + e);
    assertSame(e, await(drainFailure), "drain() fails with the same cause");

    // The loop keeps serving everyone else.
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    assertArrayEquals(bytes("hello\n"), await(c.reader().readLine()));
    c.writer().write(bytes("still here\n"));
    assertArrayEquals(bytes("still here\n"), await(c.reader().readLine()));
    c.close();
    server.close();
    watched.close();
    await(server.closed());
    await(watched.closed());
    assertEquals(0, watched.connectionCount());
    return done();
  }

  @Test
  void aResetFailsTheReaderWithAnIoExceptionAndTheLoopGoesOn() {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      run(() -> reset(other));
    } finally {
      other.shutdownNow();
    }
  }

  @Async
  private Task<Void> unhandledReset(final ExecutorService other, final NetTesting.Unhandled unhandled) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(bytes("hello\n"));
      await(in.readAll()); // not caught: the handler's task fails with the IOException
      fail("readAll after a reset must fail");
      return done();
    }));
    await(CompletableFuture.runAsync(() -> resettingClient(server.port()), other));
    server.close();
    await(server.closed()); // the connection, hence its handler, is done
    assertEquals(1, unhandled.seen.size(), "reported once: " + unhandled.seen);
    assertTrue(unhandled.seen.get(0) instanceof IOException, unhandled.seen.toString());
    return done();
  }

  @Test
  void anUncaughtResetIsReportedOnceByTheServer() {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      run(() -> unhandledReset(other, unhandled));
      assertEquals(1, unhandled.seen.size(), "and not again when the loop closed: " + unhandled.seen);
    } finally {
      other.shutdownNow();
    }
  }
}
