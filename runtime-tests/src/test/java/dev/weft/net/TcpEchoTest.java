package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static dev.weft.net.NetTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.WeftStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Echo round trips between a Weft server and Weft clients on one loop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpEchoTest {

  /** Echoes lines until EOF. */
  @Async
  static Task<Void> echo(final StreamReader in, final StreamWriter out) {
    for (;;) {
      byte[] line = await(in.readLine());
      if (line.length == 0) {
        return done();
      }
      out.write(line);
      await(out.drain());
    }
  }

  @Async
  private Task<List<String>> client(final int port, final int id, final int messages) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    List<String> replies = new ArrayList<>();
    try {
      for (int i = 0; i < messages; i++) {
        c.writer().write(bytes("client " + id + " message " + i + "\n"));
        await(c.writer().drain());
        replies.add(text(await(c.reader().readLine())));
      }
    } finally {
      c.close();
    }
    await(c.closed());
    return done(replies);
  }

  @Async
  private Task<Void> oneRoundTrip() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TcpEchoTest::echo));
    assertTrue(server.port() > 0, "bound port " + server.port());
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    assertEquals(server.port(), c.peerAddress().getPort());
    c.writer().write(bytes("hello\n"));
    assertArrayEquals(bytes("hello\n"), await(c.reader().readLine()));
    c.writer().shutdownOutput();
    assertArrayEquals(new byte[0], await(c.reader().read(100)), "server closes after our EOF");
    assertTrue(c.reader().atEof());
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void roundTrip() {
    WeftStats.reset();
    run(this::oneRoundTrip);
    assertTrue(WeftStats.suspensions() >= 2, "awaits really suspended: " + WeftStats.suspensions());
  }

  @Async
  private Task<Void> tryWithResources() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TcpEchoTest::echo));
    TcpConnection kept;
    try (TcpConnection c = await(Tcp.openConnection(HOST, server.port()))) {
      kept = c;
      c.writer().write(bytes("in a try block\n"));
      assertEquals("in a try block\n", text(await(c.reader().readLine())));
    }
    assertTrue(kept.writer().isClosing(), "closed by try-with-resources");
    await(kept.closed());
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void tryWithResourcesClosesTheConnection() {
    run(this::tryWithResources);
  }

  @Async
  private Task<Void> manyClients() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TcpEchoTest::echo));
    List<Task<List<String>>> clients = new ArrayList<>();
    for (int id = 0; id < 50; id++) {
      final int n = id;
      clients.add(spawn(() -> client(server.port(), n, 100)));
    }
    List<List<String>> all = await(gather(clients));
    for (int id = 0; id < all.size(); id++) {
      assertEquals(100, all.get(id).size());
      for (int i = 0; i < 100; i++) {
        assertEquals("client " + id + " message " + i + "\n", all.get(id).get(i));
      }
    }
    server.close();
    await(server.closed());
    assertEquals(0, server.connectionCount());
    return done();
  }

  @Test
  void fiftyConcurrentClientsOnOneLoop() {
    run(this::manyClients);
  }
}
