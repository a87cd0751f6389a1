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

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile peers on real loopback sockets (issue 7; TEST-PLAN harness 24's limits): a peer that sends one endless
 * line, a peer that never reads while the server writes, peers that connect and send nothing, more peers than the
 * server will serve. Memory stays bounded by the reader's limit and the writer's high-water mark, and
 * {@link ServerLimits} (idle timeout, connection limit) sheds the peers that would otherwise hold the server forever.
 * No timing asserts: the idle timeouts are short so that the tests are quick, and every wait is a liveness bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostilePeerTest {

  private static final int CHUNK = 64 * 1024;
  /** The endless line gives up here if nobody stops it: far beyond any bound the server should need. */
  private static final long ENDLESS_CAP = 256L << 20;

  // ---- an endless line --------------------------------------------------------------------------------------

  /** Sends 'x' without a newline until the connection fails or the cap is reached; returns the bytes sent. */
  @Async
  private static Task<Long> endlessLine(final int port) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    byte[] xs = new byte[CHUNK];
    Arrays.fill(xs, (byte) 'x');
    long sent = 0;
    try {
      while (sent < ENDLESS_CAP) {
        c.writer().write(xs);
        sent += xs.length;
        await(c.writer().drain());
      }
    } catch (Exception e) { // reset or closed by the server: what we expect
      return done(sent);
    } finally {
      c.writer().abort();
    }
    return done(sent);
  }

  @Async
  private static Task<long[]> endlessLineServer() {
    Promise<long[]> seen = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      try {
        await(in.readLine());
        seen.complete(new long[] {-1, in.buffered()});
      } catch (LimitOverrunException e) {
        seen.complete(new long[] {e.consumed(), in.buffered()});
      }
      return done(); // the server closes the connection: the peer's next write fails
    }));
    long sent = await(endlessLine(server.port()));
    long[] s = await(seen);
    server.close();
    await(server.closed());
    return done(new long[] {s[0], s[1], sent});
  }

  @Test
  void anEndlessLineEndsInLimitOverrunWithTheBufferBounded() {
    long[] r = run(HostilePeerTest::endlessLineServer);
    System.out.printf("HostilePeerTest: endless line: LimitOverrunException after %d bytes searched, %d buffered "
        + "(limit %d); the peer got %d bytes out before the server closed%n", r[0], r[1],
        StreamOptions.DEFAULT_READ_LIMIT, r[2]);
    assertTrue(r[0] >= 0, "readLine failed with LimitOverrunException");
    assertTrue(r[1] <= StreamOptions.DEFAULT_READ_LIMIT + EventLoop.IO_BUFFER_SIZE,
        "buffered at most the limit plus one socket read: " + r[1]);
    assertTrue(r[2] < ENDLESS_CAP, "the server stopped the peer");
  }

  // ---- a peer that never reads ---------------------------------------------------------------------------

  /** Writes until cancelled; records the largest outgoing buffer seen and how the handler ended. */
  @Async
  private static Task<Void> firehose(final StreamWriter out, final long[] stats, final Promise<String> ended) {
    byte[] chunk = new byte[16 * 1024];
    try {
      while (true) {
        out.write(chunk);
        stats[0] += chunk.length;
        stats[1] = Math.max(stats[1], out.bufferedBytes());
        await(out.drain());
      }
    } catch (CancelledException e) {
      ended.complete("cancelled");
      throw e;
    } catch (Exception e) {
      ended.complete("failed: " + e);
      return done();
    }
  }

  @Async
  private static Task<long[]> neverReads() {
    long[] stats = {0, 0};
    Promise<String> ended = new Promise<>();
    ServerLimits.Guard guard = ServerLimits.none().withIdleTimeout(Duration.ofMillis(300))
        .guard((in, out) -> firehose(out, stats, ended));
    TcpServer server = await(Tcp.startServer(HOST, 0, guard));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    // The client never calls read: its reader buffers up to twice its limit, then stops reading the socket.
    String how = await(ended);
    c.writer().abort();
    server.close();
    await(server.closed());
    return done(new long[] {stats[0], stats[1], guard.timedOut(), how.equals("cancelled") ? 1 : 0});
  }

  @Test
  void aPeerThatNeverReadsBoundsTheWriterAndIsShedWhenIdle() {
    long[] r;
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      r = run(HostilePeerTest::neverReads);
      assertEquals(List.of(), unhandled.seen);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    System.out.printf("HostilePeerTest: never-reading peer: the server wrote %d bytes before drain() held it; "
        + "largest outgoing buffer %d (high-water %d); shed by the idle timeout: %d%n", r[0], r[1],
        StreamOptions.DEFAULT_HIGH_WATER, r[2]);
    assertTrue(r[1] <= StreamOptions.DEFAULT_HIGH_WATER + 16 * 1024, "outgoing buffer bounded: " + r[1]);
    assertEquals(1, r[2], "shed by the idle timeout");
    assertEquals(1, r[3], "the handler's task was cancelled, its drain() released");
  }

  // ---- silent peers, and too many peers ------------------------------------------------------------------

  /** Connects, sends nothing, waits for the server to end the connection; returns what it read (nothing). */
  @Async
  private static Task<Integer> silent(final int port) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    int got;
    try {
      got = await(c.reader().readAll()).length;
    } catch (Exception e) { // a reset: the server aborted
      got = 0;
    }
    c.close();
    await(c.closed());
    return done(got);
  }

  @Async
  private static Task<long[]> silentPeers(final int n) {
    int[] started = {0};
    ServerLimits.Guard guard = ServerLimits.none().withIdleTimeout(Duration.ofMillis(200))
        .guard((in, out) -> {
          started[0]++;
          await(in.readLine()); // would wait forever
          return done();
        });
    TcpServer server = await(Tcp.startServer(HOST, 0, guard));
    List<Task<Integer>> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peers.add(spawn(() -> silent(server.port())));
    }
    List<Integer> got = await(gather(peers));
    while (server.connectionCount() > 0) {
      await(sleep(1));
    }
    server.close();
    await(server.closed());
    return done(new long[] {started[0], guard.timedOut(), got.stream().mapToInt(Integer::intValue).sum(),
        guard.active()});
  }

  @Test
  void silentPeersAreShedByTheIdleTimeout() {
    int n = 50;
    long[] r = run(() -> silentPeers(n));
    System.out.printf("HostilePeerTest: %d silent peers: %d handlers started, %d shed by the idle timeout%n", n,
        r[0], r[1]);
    assertEquals(n, r[0]);
    assertEquals(n, r[1], "each silent peer shed once");
    assertEquals(0, r[2], "nothing was sent to them");
    assertEquals(0, r[3], "no handler left running");
  }

  @Async
  private static Task<long[]> overTheLimit(final int max, final int extra) {
    Promise<Void> release = new Promise<>();
    int[] served = {0};
    ServerLimits.Guard guard = ServerLimits.none().withMaxConnections(max).guard((in, out) -> {
      served[0]++;
      out.write(new byte[] {'+'});
      await(release);
      return done();
    });
    TcpServer server = await(Tcp.startServer(HOST, 0, guard));
    List<TcpConnection> held = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
      assertArrayEquals(new byte[] {'+'}, await(c.reader().readExactly(1)), "served");
      held.add(c);
    }
    int refusedSeen = 0;
    for (int i = 0; i < extra; i++) {
      TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
      try {
        if (await(c.reader().read(1)).length == 0) {
          refusedSeen++; // EOF: the server closed at once
        }
      } catch (Exception e) {
        refusedSeen++; // or reset it
      }
      c.close();
    }
    long refused = guard.refused();
    int activeAtLimit = guard.active();
    release.complete(null);
    for (TcpConnection c : held) {
      await(c.reader().readAll());
      c.close();
      await(c.closed());
    }
    // Below the limit again: a new peer is served.
    TcpConnection late = await(Tcp.openConnection(HOST, server.port()));
    byte[] plus = await(late.reader().readExactly(1));
    late.close();
    server.close();
    await(server.closed());
    return done(new long[] {served[0], refused, refusedSeen, activeAtLimit, plus[0]});
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedAndTheServerRecovers() {
    int max = 5;
    int extra = 20;
    long[] r = run(() -> overTheLimit(max, extra));
    System.out.printf("HostilePeerTest: limit %d: %d served, %d refused (peers saw %d closed at once)%n", max,
        r[0], r[1], r[2]);
    assertEquals(extra, r[1], "each peer beyond the limit refused");
    assertEquals(extra, r[2], "and each saw its connection end at once");
    assertEquals(max, r[3], "the limit held");
    assertEquals(max + 1, r[0], "the late peer was served once there was room");
    assertEquals('+', r[4]);
  }
}
