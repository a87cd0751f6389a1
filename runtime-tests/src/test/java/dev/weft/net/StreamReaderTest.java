package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static dev.weft.net.NetTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each read operation of {@link StreamReader} over a real socket. The server side writes a script; the client
 * reads it. How TCP segments the script is up to the system, so assertions never depend on it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamReaderTest {

  private static final byte[] NONE = new byte[0];

  /** A server that writes {@code script} to each client, then closes the connection. */
  @Async
  private static Task<TcpServer> scripted(final byte[] script) {
    return Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(script);
      return done();
    });
  }

  @Async
  private Task<Void> everyOperation() {
    TcpServer server = await(scripted(bytes("abcdef" + "line one\n" + "x|y||z" + "tail")));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    StreamReader r = c.reader();

    assertArrayEquals(bytes("abc"), await(r.readExactly(3)));
    byte[] some = await(r.read(2));
    assertTrue(some.length >= 1 && some.length <= 2, "read(2) gave " + some.length + " bytes");
    assertTrue(text(some).equals("d") || text(some).equals("de"), text(some));
    byte[] rest = await(r.readExactly(3 - some.length));
    assertEquals("def", text(some) + text(rest));
    assertArrayEquals(bytes("line one\n"), await(r.readLine()));
    assertArrayEquals(bytes("x|y||"), await(r.readUntil(bytes("||"))));
    assertArrayEquals(bytes("ztail"), await(r.readAll()));

    assertTrue(r.atEof());
    assertArrayEquals(NONE, await(r.read(10)), "read at EOF");
    assertArrayEquals(NONE, await(r.readLine()), "readLine at EOF");
    assertArrayEquals(NONE, await(r.readAll()), "readAll at EOF");
    assertArrayEquals(NONE, await(r.readExactly(0)));
    assertArrayEquals(NONE, await(r.read(0)));
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void readReadExactlyReadLineReadUntilReadAll() {
    run(this::everyOperation);
  }

  @Async
  private Task<Void> incompleteRead() {
    TcpServer server = await(scripted(bytes("abc")));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    try {
      await(c.reader().readExactly(5));
      fail("readExactly(5) of 3 bytes then EOF must fail");
    } catch (IncompleteReadException e) {
      assertArrayEquals(bytes("abc"), e.partial());
      assertEquals(5, e.expected());
    }
    assertTrue(c.reader().atEof(), "the partial bytes were consumed");
    assertArrayEquals(NONE, await(c.reader().read(1)));
    c.close();

    TcpConnection d = await(Tcp.openConnection(HOST, server.port()));
    try {
      await(d.reader().readUntil(bytes("\r\n")));
      fail("readUntil without the separator before EOF must fail");
    } catch (IncompleteReadException e) {
      assertArrayEquals(bytes("abc"), e.partial());
      assertEquals(-1, e.expected());
    }
    d.close();

    TcpConnection l = await(Tcp.openConnection(HOST, server.port()));
    assertArrayEquals(bytes("abc"), await(l.reader().readLine()), "readLine at EOF gives the partial line");
    assertArrayEquals(NONE, await(l.reader().readLine()));
    l.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void readExactlyAndReadUntilAtEofCarryThePartialBytes() {
    run(this::incompleteRead);
  }

  @Async
  private Task<Void> overLimit() {
    byte[] longLine = new byte[40];
    Arrays.fill(longLine, (byte) 'x');
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(longLine);
      out.write(bytes("\nok\n"));
      byte[] line = await(in.readLine());
      out.write(bytes("got " + text(line)));
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(),
        StreamOptions.defaults().withReadLimit(16)));
    StreamReader r = c.reader();
    assertEquals(16, r.limit());
    try {
      await(r.readLine());
      fail("a 41-byte line with a 16-byte limit must overrun");
    } catch (LimitOverrunException e) {
      // Found at offset 40, or not found within more than 16 searched bytes: depends on segmentation.
      assertTrue(e.consumed() > 16 && e.consumed() <= 40, "consumed " + e.consumed());
    }
    // Nothing was lost, and the connection is still usable.
    assertArrayEquals(longLine, await(r.readExactly(40)));
    assertArrayEquals(bytes("\n"), await(r.readLine()));
    assertArrayEquals(bytes("ok\n"), await(r.readLine()));
    c.writer().write(bytes("thanks\n"));
    assertArrayEquals(bytes("got thanks\n"), await(r.readAll()));
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void readLineOverTheLimitFailsAndLeavesTheDataReadable() {
    run(this::overLimit);
  }

  @Async
  private Task<Void> cancelledRead() {
    Promise<Void> go = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(go);
      out.write(bytes("hello"));
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    Task<byte[]> waiting = spawn(() -> c.reader().readExactly(5));
    await(sleep(0)); // the spawned read starts and waits
    assertFalse(waiting.isDone());
    assertThrows(IllegalStateException.class, () -> c.reader().read(1), "one read at a time");
    assertTrue(waiting.cancel());
    await(sleep(0));
    assertTrue(waiting.isCancelled());
    go.complete(null);
    assertArrayEquals(bytes("hello"), await(c.reader().readExactly(5)), "the cancelled read took nothing");
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void aCancelledReadConsumesNothing() {
    run(this::cancelledRead);
  }

  @Async
  private Task<Void> readBackpressure() {
    int limit = 1024;
    int chunk = 16 * 1024;
    Promise<Long> blocked = new Promise<>();
    long[] written = {0};
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      byte[] data = new byte[chunk];
      // Write until the client's side stops taking bytes: drain() suspends once the kernel buffers are full.
      while (true) {
        out.write(data);
        written[0] += chunk;
        Task<Void> d = out.drain();
        if (!d.isDone()) {
          blocked.complete(written[0]);
          await(d);
          break;
        }
        await(d);
      }
      for (int i = 0; i < 16; i++) {
        out.write(data);
        written[0] += chunk;
        await(out.drain());
      }
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(),
        StreamOptions.defaults().withReadLimit(limit)));
    await(blocked);
    long bound = 2L * limit + EventLoop.IO_BUFFER_SIZE;
    int max = c.reader().buffered();
    assertTrue(max <= bound, "reader buffered " + max + " > " + bound + " while nobody read");
    long total = 0;
    for (byte[] b; (b = await(c.reader().read(64 * 1024))).length > 0; ) {
      total += b.length;
      max = Math.max(max, c.reader().buffered());
    }
    assertEquals(written[0], total);
    assertTrue(max <= bound, "reader buffered " + max + " > " + bound);
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void readingPausesWhileTheBufferIsOverTwiceTheLimit() {
    run(this::readBackpressure);
  }
}
