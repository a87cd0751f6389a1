package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No TLS socket or key outlives its use: connections that succeed, handshakes that fail (an untrusted client), and
 * a loop that ends with TLS connections open all leave the descriptor count where it was.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsResourceTest {

  private static final int CONNECTIONS = Integer.getInteger("weft.tls.connections", 500);
  private static final int BATCH = 50;
  private static final int SLACK = 8;

  @Async
  private static Task<Void> good(final int port) {
    TcpConnection c = await(Tcp.openConnection(HOST, port, TlsTesting.Contexts.CLIENT));
    c.writer().write(new byte[] {42});
    assertArrayEquals(new byte[] {42}, await(c.reader().readExactly(1)));
    assertArrayEquals(new byte[0], await(c.reader().read(1)), "close_notify after the handler ended");
    c.close();
    await(c.closed());
    return done();
  }

  @Async
  private static Task<Void> rejected(final int port) {
    try {
      TcpConnection c = await(Tcp.openConnection(HOST, port, TlsTesting.Contexts.ROGUE_CLIENT));
      try {
        c.writer().write(new byte[] {1});
        await(c.reader().read(1)); // TLS 1.3: the server's alert arrives here
      } finally {
        c.close();
        await(c.closed());
      }
    } catch (Exception e) {
      // the handshake failure: expected
    }
    return done();
  }

  @Async
  private Task<int[]> many(final int count) {
    SSLParameters needAuth = TlsTesting.Contexts.SERVER.getDefaultSSLParameters();
    needAuth.setNeedClientAuth(true);
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(await(in.readExactly(1)));
      return done();
    }, TlsOptions.of(TlsTesting.Contexts.SERVER).withParameters(needAuth), StreamOptions.defaults()));
    for (int done = 0; done < count; done += BATCH) {
      List<Task<Void>> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < Math.min(BATCH, count - done); i++) {
        final int n = i;
        batch.add(spawn(() -> n % 5 == 4 ? rejected(server.port()) : good(server.port())));
      }
      await(gather(batch));
    }
    int open = server.connectionCount();
    server.close();
    await(server.closed());
    return done(new int[] {open, EventLoop.current().keyCount()});
  }

  @Test
  void connectionsAndFailedHandshakesLeaveNoDescriptorOrKeyBehind() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    run(() -> many(10)); // warm up
    int before = NetTesting.openDescriptors();
    int[] inLoop = run(() -> many(CONNECTIONS));
    int after = NetTesting.openDescriptors();
    System.out.printf("TlsResourceTest: %d TLS connections (1 in 5 rejected); descriptors before %d, after %d; "
        + "server connections left %d, selector keys left %d%n", CONNECTIONS, before, after, inLoop[0], inLoop[1]);
    assertEquals(0, inLoop[0], "server connections still open");
    assertEquals(0, inLoop[1], "selector keys still registered");
    assertTrue(after <= before + SLACK, "descriptors: before " + before + ", after " + after);
  }

  @Async
  private Task<Integer> leaveOpen() {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(in.readAll()); // waits until the loop's shutdown cancels it
      return done();
    }, TlsTesting.Contexts.SERVER));
    for (int i = 0; i < 10; i++) {
      TcpConnection c = await(Tcp.openConnection(HOST, server.port(), TlsTesting.Contexts.CLIENT));
      spawn(() -> c.reader().readAll());
    }
    // And one plain TCP peer stuck in the handshake (it never sends a ClientHello).
    await(Tcp.openConnection(HOST, server.port()));
    for (int i = 0; i < 5; i++) {
      await(sleep(0));
    }
    return done(EventLoop.current().keyCount());
  }

  @Test
  void theLoopClosingReleasesTlsConnectionsLeftOpen() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    run(this::leaveOpen); // warm up
    int before = NetTesting.openDescriptors();
    int keys = run(this::leaveOpen);
    int after = NetTesting.openDescriptors();
    System.out.printf("TlsResourceTest: loop closed with %d keys registered; descriptors before %d, after %d%n",
        keys, before, after);
    assertTrue(keys >= 1 + 2 * 11, "the server and both ends of 11 connections were registered: " + keys);
    assertTrue(after <= before + SLACK, "descriptors: before " + before + ", after " + after);
  }
}
