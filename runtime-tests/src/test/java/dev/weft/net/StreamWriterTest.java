package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static dev.weft.net.NetTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamWriter}: backpressure through drain(), half-close, close, addresses. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamWriterTest {

  /** The most the writing loop below may go past the high-water mark: one write. */
  private static final int CHUNK = 16 * 1024;

  @Async
  private Task<Void> slowPeer() {
    Promise<Void> startReading = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(startReading); // a peer that does not read, until told to
      long total = 0;
      for (byte[] b; (b = await(in.read(64 * 1024))).length > 0; ) {
        total += b.length;
      }
      out.write(bytes(total + "\n"));
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    StreamWriter w = c.writer();
    byte[] data = new byte[CHUNK];
    long written = 0;
    long maxBuffered = 0;
    int suspensions = 0;
    long afterFirstSuspension = -1;
    // Write until drain() has suspended, then 4 MiB more: the peer starts reading at the first suspension.
    while (afterFirstSuspension < 0 || written - afterFirstSuspension < 4 * 1024 * 1024) {
      w.write(data);
      written += CHUNK;
      maxBuffered = Math.max(maxBuffered, w.bufferedBytes());
      Task<Void> d = w.drain();
      if (!d.isDone()) {
        suspensions++;
        assertTrue(w.bufferedBytes() > StreamOptions.DEFAULT_HIGH_WATER, "suspends only above the high-water mark");
        if (afterFirstSuspension < 0) {
          afterFirstSuspension = written;
          startReading.complete(null);
        }
      }
      await(d);
      assertTrue(w.bufferedBytes() <= StreamOptions.DEFAULT_HIGH_WATER, "resumed at or below the marks");
    }
    w.shutdownOutput();
    assertEquals(written + "\n", text(await(c.reader().readLine())), "the peer got every byte");
    assertTrue(suspensions >= 1);
    assertTrue(maxBuffered <= StreamOptions.DEFAULT_HIGH_WATER + CHUNK,
        "buffered " + maxBuffered + " bytes: bounded by the high-water mark plus one write");
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void drainSuspendsWhileThePeerDoesNotReadAndResumesWhenItDoes() {
    run(this::slowPeer);
  }

  @Async
  private Task<Void> halfClose() {
    Promise<String> serverSaw = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      byte[] all = await(in.readAll()); // completes at the client's half-close
      serverSaw.complete(text(all) + (in.atEof() ? " EOF" : " no EOF"));
      out.write(bytes(text(all).toUpperCase()));
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    c.writer().write(bytes("abc"));
    c.writer().shutdownOutput();
    assertThrows(IllegalStateException.class, () -> c.writer().write(bytes("more")));
    c.writer().shutdownOutput(); // idempotent
    assertEquals("abc EOF", await(serverSaw));
    assertArrayEquals(bytes("ABC"), await(c.reader().readAll()), "the server still wrote after our EOF");
    assertTrue(c.reader().atEof());
    c.close();
    await(c.closed());
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void halfCloseLetsThePeerReadEofAndStillReply() {
    run(this::halfClose);
  }

  @Async
  private Task<Void> closeAndAddresses() {
    Promise<String> serverPeer = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      serverPeer.complete(out.peerAddress() + " " + out.localAddress());
      await(in.readAll());
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    assertEquals(c.localAddress() + " " + c.peerAddress(), await(serverPeer));
    c.writer().write(bytes("bye"));
    c.close();
    assertTrue(c.writer().isClosing());
    assertThrows(IllegalStateException.class, () -> c.writer().write(bytes("x")));
    c.close(); // idempotent
    assertArrayEquals(new byte[0], await(c.reader().read(1)), "reading stops at close()");
    await(c.closed());
    await(c.writer().drain()); // nothing to wait for once closed
    server.close();
    await(server.closed());
    assertFalse(server.isServing());
    return done();
  }

  @Test
  void closeStopsReadingFlushesAndCloses() {
    run(this::closeAndAddresses);
  }
}
