package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.net.NetTesting.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TEST-PLAN harness 22, {@code EchoSoak}: a Weft echo server on one loop, 1,000 connections held at once by a client
 * loop on another thread ({@link EchoSoakClients}), plus blocking threads that reset (SO_LINGER 0), for a fixed time.
 * Payloads of 1 byte to 1 MiB, random half-close, cancellation of client tasks, aborts.
 *
 * <p>Proves: every stream that was not reset or cancelled comes back byte-exact (SHA-256 of what was sent against
 * SHA-256 of what came back, and the length): 0 lost or corrupt bytes; all 1,000 connections were open on the
 * server at once; 0 hung tasks (every exchange, slot and server handler ends within a liveness bound, and neither
 * loop has a live task left); nothing reported as unhandled; afterwards 0 server connections, 0 selector keys on
 * either loop, and the process's descriptors ({@code /proc/self/fd}) back to the baseline.
 *
 * <p>Loop lag: a timer re-armed every 10 ms on the server loop records how late it fires ({@link LoopLagProbe}).
 * p50, p99 and max are always printed; TEST-PLAN's figure (p99 &lt; 50 ms) is asserted only in the long form. The
 * short form runs in every build on shared two-core machines, where a neighbour's compile can stall either loop
 * for longer than that, and the suite asserts no wall-clock figures; the long form is run on purpose, and ten
 * minutes of samples make its p99 a figure about Weft rather than about one unlucky second.
 *
 * <p>Short form 20 s ({@code -Dweft.soak.seconds}): the 1,000 connections are open within the first second, so a
 * longer short form repeats states rather than adding new ones, and 60 s would make this one test most of the
 * module's run on two cores. Long form ({@code -Dweft.long=true}) 10 min and 4 resetting threads instead of 2.
 * {@code -Dweft.soak.connections} changes the 1,000; the count is lowered (and the reason printed) only if the
 * process's open-file limit cannot hold both ends of every connection.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoSoakTest {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final int CONNECTIONS = Integer.getInteger("weft.soak.connections", 1000);
  private static final long SECONDS = Long.getLong("weft.soak.seconds", LONG ? 600 : 20);
  private static final int THREADS = LONG ? 4 : 2;
  private static final Duration LAG_PERIOD = Duration.ofMillis(10);
  /** TEST-PLAN's loop-lag figure, asserted in the long form only (see the class comment). */
  private static final long LAG_P99_MILLIS = 50;
  /** Descriptors the JVM may open on its own meanwhile (jar files, say); the runs here leave none. */
  private static final int SLACK_FDS = 8;
  /** Descriptors besides the connections': selectors, listening socket, resetters' sockets, the JVM's. */
  private static final int FD_HEADROOM = 200;

  /** The server side's figures; {@code handlers} is read by the client thread. */
  private static final class ServerFigures {
    final AtomicInteger handlers = new AtomicInteger();
    int peakHandlers;
    long echoedBytes;
    long resetsSeen;
    int hungHandlers = -1;
    int connectionsLeft = -1;
    int keysLeft = -1;
    int tasksLeft = -1;
    LoopLagProbe lag;
  }

  /** Echoes until EOF; a reset from the peer ends it quietly (counted). */
  @Async
  private static Task<Void> echo(final StreamReader in, final StreamWriter out, final ServerFigures s) {
    s.peakHandlers = Math.max(s.peakHandlers, s.handlers.incrementAndGet());
    try {
      while (true) {
        byte[] b = await(in.read(64 * 1024));
        if (b.length == 0) {
          break; // EOF (a half-close): returning closes the connection once the echo is flushed
        }
        out.write(b);
        s.echoedBytes += b.length;
        await(out.drain());
      }
    } catch (Exception e) {
      if (!(e instanceof IOException)) {
        throw e;
      }
      s.resetsSeen++;
    } finally {
      s.handlers.decrementAndGet();
    }
    return done();
  }

  /** The server loop: serves until the clients are done, then checks that every handler ends and nothing is left. */
  @Async
  private static Task<Void> serve(final CompletableFuture<Integer> port, final CompletableFuture<Void> clientsDone,
      final ServerFigures s) {
    EventLoop loop = EventLoop.current();
    await(sleep(0)); // this task is live (counted) from its first suspension on
    int tasksBefore = loop.tasks().size();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> echo(in, out, s)));
    s.lag = LoopLagProbe.start(loop, LAG_PERIOD);
    port.complete(server.port());
    try {
      await(clientsDone);
    } finally {
      s.lag.stop();
    }
    long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((s.handlers.get() > 0 || server.connectionCount() > 0) && System.nanoTime() < bound) {
      await(sleep(10)); // the clients' last closes and resets reach the server
    }
    s.hungHandlers = s.handlers.get();
    s.connectionsLeft = server.connectionCount();
    server.abortClients(); // only if something hung: lets the loop end so the figures can be reported
    server.close();
    await(server.closed());
    await(sleep(0));
    s.keysLeft = loop.keyCount();
    s.tasksLeft = loop.tasks().size() - tasksBefore;
    return done();
  }

  /** Runs the server loop on its own thread and the client loop on this one; returns the figures. */
  private static ServerFigures soak(final int connections, final int threads, final long seed, final long runNanos,
      final EchoSoakClients.Figures f) throws Exception {
    ServerFigures s = new ServerFigures();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> clientsDone = new CompletableFuture<>();
    CompletableFuture<Void> serverEnded = new CompletableFuture<>();
    Thread serverThread = new Thread(() -> {
      try {
        run(() -> serve(port, clientsDone, s));
        serverEnded.complete(null);
      } catch (Throwable e) {
        port.completeExceptionally(e);
        serverEnded.completeExceptionally(e);
      }
    }, "soak-server-loop");
    serverThread.start();
    try {
      int p = port.get(30, TimeUnit.SECONDS);
      run(() -> EchoSoakClients.run(p, connections, threads, seed, runNanos, s.handlers::get, f));
    } finally {
      clientsDone.complete(null);
      serverEnded.get(2, TimeUnit.MINUTES); // liveness bound: the server's own waits are bounded well within it
      serverThread.join();
    }
    return s;
  }

  /** The connection count that fits the open-file limit (both ends of each connection are in this process). */
  private static int fittingConnections(final int fdsNow) {
    long limit = NetTesting.openFileLimit();
    long fits = limit < 0 ? CONNECTIONS : (limit - fdsNow - FD_HEADROOM) / 2;
    if (fits < CONNECTIONS) {
      System.out.printf("EchoSoakTest: the open-file limit is %d (%d open): only %d connections fit, not %d%n",
          limit, fdsNow, fits, CONNECTIONS);
      return (int) Math.max(1, fits);
    }
    return CONNECTIONS;
  }

  @Test
  void aThousandConnectionsEchoByteExactUnderChurnAndLeaveNothingBehind() throws Exception {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    long seed = Long.getLong("weft.seed", System.nanoTime());
    soak(50, 1, 1, TimeUnit.MILLISECONDS.toNanos(500), new EchoSoakClients.Figures()); // classes, lazy JDK files
    int fdsBefore = NetTesting.openDescriptors();
    int connections = fittingConnections(fdsBefore);
    EchoSoakClients.Figures f = new EchoSoakClients.Figures();
    ServerFigures s;
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      s = soak(connections, THREADS, seed, TimeUnit.SECONDS.toNanos(SECONDS), f);
      assertEquals(List.of(), unhandled.seen, "nothing reported as unhandled");
    }
    int fdsAfter = NetTesting.openDescriptors();
    print(seed, connections, f, s, fdsBefore, fdsAfter);

    assertEquals(0, f.mismatches, "seed " + seed + ": every verified stream byte-exact; first: " + f.firstMismatch);
    assertEquals(0, f.threadMismatches.get(), "seed " + seed + ": blocking clients' streams byte-exact");
    assertEquals(0, f.loopErrors, "no error on a well-behaved exchange: " + f.firstError);
    assertEquals(0, f.threadErrors.get(), "no error or read timeout in a blocking client");
    assertTrue(f.verified > 0 && f.cancelled > 0 && f.aborted > 0 && f.threadResets.get() > 0,
        "every kind of exchange happened");
    assertEquals(connections, f.concurrentAtStart, "all connections open on the server at once");
    assertEquals(0, f.hungExchanges, "hung exchanges");
    assertEquals(0, f.hungSlots, "hung client slots");
    assertEquals(0, s.hungHandlers, "hung server handlers");
    assertEquals(0, f.tasksLeft, "client loop: no live task left");
    assertEquals(0, s.tasksLeft, "server loop: no live task left");
    assertEquals(0, s.connectionsLeft, "server connections left");
    assertEquals(0, s.keysLeft, "server loop: selector keys left");
    assertEquals(0, f.keysLeft, "client loop: selector keys left");
    assertTrue(fdsAfter <= fdsBefore + SLACK_FDS, "descriptors: before " + fdsBefore + ", after " + fdsAfter);
    if (LONG) {
      assertTrue(s.lag.percentileNanos(99) < TimeUnit.MILLISECONDS.toNanos(LAG_P99_MILLIS),
          "server loop lag p99 < " + LAG_P99_MILLIS + " ms: " + s.lag.summary());
    }
  }

  private static void print(final long seed, final int connections, final EchoSoakClients.Figures f,
      final ServerFigures s, final int fdsBefore, final int fdsAfter) {
    System.out.printf("EchoSoakTest: %d s, %d connections (%d open at once on the server, peak %d), seed %d%n"
        + "  verified streams %,d byte-exact of %,d (%,d MiB echoed, %,d half-closed); cancelled %,d, aborted %,d; "
        + "blocking clients: %,d verified, %,d resets, %d errors%n"
        + "  server: %,d MiB echoed, %,d resets seen; hung: %d exchanges, %d slots, %d handlers; live tasks left: "
        + "client %d, server %d%n"
        + "  server loop lag (%s timer): %s%n"
        + "  left: server connections %d, keys server %d / client %d; descriptors before %d, after %d "
        + "(open-file limit %d)%n",
        SECONDS, connections, f.concurrentAtStart, s.peakHandlers, seed,
        f.verified - f.mismatches, f.verified, f.verifiedBytes >> 20, f.halfClosed, f.cancelled, f.aborted,
        f.threadVerified.get(), f.threadResets.get(), f.threadErrors.get(),
        s.echoedBytes >> 20, s.resetsSeen, f.hungExchanges, f.hungSlots, s.hungHandlers, f.tasksLeft, s.tasksLeft,
        LAG_PERIOD.toMillis() + " ms", s.lag.summary(),
        s.connectionsLeft, s.keysLeft, f.keysLeft, fdsBefore, fdsAfter, NetTesting.openFileLimit());
  }
}
