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
import dev.weft.Task;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TcpServer}: ports, closing, failing handlers, serveForever, bind and connect failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpServerTest {

  @Async
  private Task<Void> closeReleasesPort() {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> done()));
    int port = server.port();
    assertEquals(port, server.localAddress().getPort());
    server.close();
    server.close(); // idempotent
    await(server.closed());
    // Nobody listens any more, and the port can be bound again (strictly: without SO_REUSEADDR).
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      fail("port " + port + " still in use after close: " + e);
    }
    try {
      await(Tcp.openConnection(HOST, port));
      fail("connecting to a closed server must fail");
    } catch (Exception e) {
      assertTrue(e instanceof IOException, "refused: " + e);
    }
    return done();
  }

  @Test
  void closeReleasesThePortAndLaterConnectsAreRefused() {
    run(this::closeReleasesPort);
  }

  @Async
  private Task<Void> failingHandler(final NetTesting.Unhandled unhandled) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      byte[] line = await(in.readLine());
      if (text(line).equals("boom\n")) {
        throw new IllegalStateException("boom");
      }
      out.write(line);
      return done();
    }));
    TcpConnection bad = await(Tcp.openConnection(HOST, server.port()));
    bad.writer().write(bytes("boom\n"));
    assertArrayEquals(new byte[0], await(bad.reader().readAll()), "the failed handler's connection is closed");
    bad.close();
    for (int i = 0; i < 3; i++) {
      TcpConnection good = await(Tcp.openConnection(HOST, server.port()));
      good.writer().write(bytes("fine " + i + "\n"));
      assertEquals("fine " + i + "\n", text(await(good.reader().readLine())));
      good.close();
    }
    assertTrue(server.isServing());
    server.close();
    await(server.closed());
    assertEquals(1, unhandled.seen.size(), unhandled.seen.toString());
    assertEquals("boom", unhandled.seen.get(0).getMessage());
    return done();
  }

  @Test
  void aFailingHandlerIsReportedOnceAndTheServerGoesOn() {
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      run(() -> failingHandler(unhandled));
      assertEquals(1, unhandled.seen.size(), "not reported again at loop close: " + unhandled.seen);
    }
  }

  @Async
  private Task<Void> serveForever() {
    TcpServer a = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(await(in.readLine()));
      return done();
    }));
    Task<Void> forever = spawn(a::serveForever);
    TcpConnection c = await(Tcp.openConnection(HOST, a.port()));
    c.writer().write(bytes("x\n"));
    assertEquals("x\n", text(await(c.reader().readLine())));
    assertFalse(forever.isDone());
    a.close();
    await(forever);
    assertTrue(a.serveForever().isDone(), "a closed server's serveForever() is done");

    TcpServer b = await(Tcp.startServer(HOST, 0, (in, out) -> done()));
    Task<Void> serving = spawn(b::serveForever);
    await(sleep(0));
    serving.cancel();
    await(b.closed()); // cancelling serveForever closed the server
    assertFalse(b.isServing());
    c.close();
    await(a.closed());
    return done();
  }

  @Test
  void serveForeverEndsAtCloseAndCancellingItCloses() {
    run(this::serveForever);
  }

  @Async
  private Task<Void> bindConflict() {
    TcpServer a = await(Tcp.startServer(HOST, 0, (in, out) -> done()));
    try {
      await(Tcp.startServer(HOST, a.port(), (in, out) -> done()));
      fail("a second bind of the same port must fail");
    } catch (Exception e) {
      assertTrue(e instanceof IOException, "bind failure: " + e);
    }
    // A name goes through the resolver, off the loop.
    TcpServer named = await(Tcp.startServer("localhost", 0, (in, out) -> {
      out.write(bytes("by name\n"));
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection("localhost", named.port()));
    assertEquals("by name\n", text(await(c.reader().readLine())));
    c.close();
    a.close();
    named.close();
    await(a.closed());
    await(named.closed());
    return done();
  }

  @Test
  void bindConflictsFailTheTaskAndNamesResolveOffTheLoop() {
    run(this::bindConflict);
  }

  @Test
  void entryPointsCheckArgumentsAndTheLoop() {
    assertThrows(IllegalStateException.class, () -> Tcp.openConnection(HOST, 80));
    assertThrows(IllegalStateException.class, () -> Tcp.startServer(HOST, 0, (in, out) -> done()));
    run(() -> {
      assertThrows(IllegalArgumentException.class, () -> Tcp.openConnection(HOST, 0));
      assertThrows(IllegalArgumentException.class, () -> Tcp.startServer(HOST, 70000, (in, out) -> done()));
      assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().withWriteBufferLimits(1, 2));
      return done();
    });
  }
}
