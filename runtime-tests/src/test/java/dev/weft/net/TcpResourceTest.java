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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No socket and no selection key outlives its use: ten thousand connections opened and closed leave the process's
 * descriptor count where it was and the selector's key set empty; a loop that ends with connections open closes
 * them. Counts come from {@code /proc/self/fd} (Linux), with a small slack for the JVM's own files.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpResourceTest {

  private static final int CONNECTIONS = Integer.getInteger("weft.net.connections", 10_000);
  private static final int BATCH = 100;
  /** Descriptors the JVM may open on its own meanwhile (class files, jars, surefire's channels). */
  private static final int SLACK = 8;

  /** One short connection: a byte there and back, then the server's handler ends and closes first. */
  @Async
  private static Task<Void> oneConnection(final int port) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    c.writer().write(new byte[] {42});
    assertArrayEquals(new byte[] {42}, await(c.reader().readExactly(1)));
    assertArrayEquals(new byte[0], await(c.reader().read(1)), "the server closed after its handler ended");
    c.close();
    await(c.closed());
    return done();
  }

  @Async
  private Task<int[]> manyConnections(final int count) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(await(in.readExactly(1)));
      return done();
    }));
    for (int done = 0; done < count; done += BATCH) {
      List<Task<Void>> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < Math.min(BATCH, count - done); i++) {
        batch.add(spawn(() -> oneConnection(server.port())));
      }
      await(gather(batch));
    }
    int open = server.connectionCount();
    server.close();
    await(server.closed());
    return done(new int[] {open, EventLoop.current().keyCount()});
  }

  @Test
  void tenThousandConnectionsLeaveNoDescriptorOrKeyBehind() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    run(() -> manyConnections(10)); // warm up: classes loaded, lazily opened JDK files opened
    int before = NetTesting.openDescriptors();
    int[] inLoop = run(() -> manyConnections(CONNECTIONS));
    int after = NetTesting.openDescriptors();
    System.out.printf("TcpResourceTest: %d connections; descriptors before %d, after %d; "
        + "server connections left %d, selector keys left %d%n", CONNECTIONS, before, after, inLoop[0], inLoop[1]);
    assertEquals(0, inLoop[0], "server connections still open");
    assertEquals(0, inLoop[1], "selector keys still registered");
    assertTrue(after <= before + SLACK, "descriptors: before " + before + ", after " + after);
  }

  @Async
  private Task<Void> leaveEverythingOpen(final int[] keysSeen) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(in.readAll()); // waits forever: the loop's shutdown cancels it
      return done();
    }));
    TcpServer sink = await(Tcp.startServer(HOST, 0, (in, out) -> {
      out.write(new byte[8 * 1024 * 1024]); // far more than the peer (which never reads) takes: stays buffered
      await(out.drain());
      return done();
    }));
    for (int i = 0; i < 20; i++) {
      TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
      spawn(() -> c.reader().readAll()); // a read left waiting
    }
    TcpConnection unread = await(Tcp.openConnection(HOST, sink.port()));
    await(turns(5));
    keysSeen[0] = EventLoop.current().keyCount();
    return done(); // no close anywhere: Weft.run's end must release it all
  }

  @Test
  void theLoopClosingReleasesServersAndConnectionsLeftOpen() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    int[] keys = {0};
    run(() -> leaveEverythingOpen(keys)); // warm up
    int before = NetTesting.openDescriptors();
    run(() -> leaveEverythingOpen(keys));
    int after = NetTesting.openDescriptors();
    System.out.printf("TcpResourceTest: loop closed with %d keys registered; descriptors before %d, after %d%n",
        keys[0], before, after);
    assertTrue(keys[0] >= 2 + 2 * 21, "servers and both ends of 21 connections were registered: " + keys[0]);
    assertTrue(after <= before + SLACK, "descriptors: before " + before + ", after " + after);
  }

  /** Yields a few turns of the loop. */
  @Async
  private static Task<Void> turns(final int n) {
    for (int i = 0; i < n; i++) {
      await(sleep(0));
    }
    return done();
  }
}
