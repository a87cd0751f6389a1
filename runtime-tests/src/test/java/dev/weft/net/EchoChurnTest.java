package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An echo server under churn (issue 7; a small, quick cousin of {@link EchoSoakTest}, TEST-PLAN harness 22): for a
 * bounded time, clients on the server's own loop run full exchanges (random payloads of 1 byte up to 256 KiB,
 * written and read concurrently, half-closed, read back to EOF) or give up half-way (abort, or cancel their own
 * task), while plain blocking clients on other threads connect and send a little, then reset (SO_LINGER 0),
 * disconnect, or just connect and close.
 *
 * <p>Proves: every completed exchange comes back byte-exact (direct comparison); no handler fails in a way the server
 * reports (resets are the handler's business and it handles them); afterwards the server has no connection, the
 * selector no key, the process no extra file descriptor ({@code /proc/self/fd}) and the heap after GC is back near
 * its baseline (bound: + 32 MiB, generous).
 *
 * <p>Short form 3 s, 20 loop clients and 2 resetting threads; {@code -Dweft.long=true}: 20 s, 100 loop clients,
 * payloads up to 1 MiB, 4 threads.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoChurnTest {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final long MILLIS = LONG ? 20_000 : 3_000;
  private static final int LOOP_CLIENTS = LONG ? 100 : 20;
  private static final int THREADS = LONG ? 4 : 2;
  private static final int MAX_PAYLOAD = LONG ? 1 << 20 : 256 * 1024;
  private static final int SLACK_FDS = 8;
  private static final long HEAP_SLACK = 32L << 20;

  /** Figures, written on the loop thread (loop clients) or atomically (threads). */
  private static final class Figures {
    long exchanges;
    long bytes;
    long mismatches;
    long abandoned;
    final AtomicLong resets = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong threadErrors = new AtomicLong();
    int serverConnectionsLeft = -1;
    int keysLeft = -1;
  }

  /** Echoes until EOF; a reset or an abort from the peer ends it quietly. */
  @Async
  private static Task<Void> echo(final StreamReader in, final StreamWriter out) {
    try {
      while (true) {
        byte[] b = await(in.read(64 * 1024));
        if (b.length == 0) {
          break;
        }
        out.write(b);
        await(out.drain());
      }
    } catch (Exception e) {
      if (!(e instanceof IOException)) {
        throw e;
      }
    }
    return done();
  }

  @Async
  private static Task<Void> send(final StreamWriter out, final byte[] payload, final Random rnd) {
    int off = 0;
    while (off < payload.length) {
      int n = Math.min(payload.length - off, 1 + rnd.nextInt(32 * 1024));
      out.write(payload, off, n);
      off += n;
      await(out.drain());
    }
    out.shutdownOutput();
    return done();
  }

  /** One full exchange; true when the echo came back byte-exact. */
  @Async
  private static Task<Boolean> exchange(final int port, final byte[] payload, final Random rnd) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    Task<Void> sending = send(c.writer(), payload, rnd); // concurrently with the read: no buffer deadlock
    try {
      byte[] back = await(c.reader().readAll());
      await(sending);
      return done(Arrays.equals(payload, back));
    } finally {
      sending.cancel(); // when this exchange is abandoned: the sender must not write to a closed connection
      c.close();
    }
  }

  /** Starts an exchange and gives it up half-way: abort the connection, or cancel the task doing it. */
  @Async
  private static Task<Void> abandon(final int port, final byte[] payload, final Random rnd) {
    if (rnd.nextBoolean()) {
      TcpConnection c = await(Tcp.openConnection(HOST, port));
      c.writer().write(payload, 0, payload.length / 2);
      await(sleep(rnd.nextInt(3)));
      c.writer().abort();
    } else {
      Task<Boolean> t = exchange(port, payload, rnd);
      await(sleep(rnd.nextInt(3)));
      t.cancel();
      try {
        await(t);
      } catch (dev.weft.CancelledException e) {
        // what we asked for (the task may also have finished first)
      }
    }
    return done();
  }

  @Async
  private static Task<Void> loopClient(final int port, final long seed, final long deadline, final Figures f) {
    Random rnd = new Random(seed);
    while (System.nanoTime() < deadline) {
      byte[] payload = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? MAX_PAYLOAD : 4096)];
      rnd.nextBytes(payload);
      if (rnd.nextInt(5) == 0) {
        await(abandon(port, payload, rnd));
        f.abandoned++;
      } else {
        boolean same = await(exchange(port, payload, rnd));
        f.exchanges++;
        f.bytes += payload.length;
        if (!same) {
          f.mismatches++;
        }
      }
    }
    return done();
  }

  /** A plain blocking client on another thread: sends a little, then resets, disconnects, or connects and closes. */
  private static void churner(final int port, final long seed, final long deadline, final Figures f) {
    Random rnd = new Random(seed);
    byte[] some = new byte[4096];
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(HOST, port)) {
        int action = rnd.nextInt(3);
        if (action < 2) {
          OutputStream out = s.getOutputStream();
          out.write(some, 0, 1 + rnd.nextInt(some.length));
          out.flush();
        }
        if (action == 0) {
          s.setSoLinger(true, 0); // close() sends an RST
          f.resets.incrementAndGet();
        } else {
          f.disconnects.incrementAndGet();
        }
      } catch (IOException e) {
        f.threadErrors.incrementAndGet(); // e.g. a reset by a server closing while we write: counted, not fatal
      }
    }
  }

  @Async
  private static Task<Void> churn(final long seed, final Figures f) {
    TcpServer server = await(Tcp.startServer(HOST, 0, EchoChurnTest::echo));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      long s = seed * 31 + i;
      Thread t = new Thread(() -> churner(server.port(), s, deadline, f), "churner-" + i);
      t.start();
      threads.add(t);
    }
    List<Task<Void>> clients = new ArrayList<>();
    for (int i = 0; i < LOOP_CLIENTS; i++) {
      long s = seed + i;
      clients.add(spawn(() -> loopClient(server.port(), s, deadline, f)));
    }
    await(gather(clients));
    for (Thread t : threads) {
      while (t.isAlive()) {
        await(sleep(10)); // the threads stop at the deadline too; never block the loop on join
      }
    }
    while (server.connectionCount() > 0) {
      await(sleep(10)); // the last resets and closes reach the server
    }
    f.serverConnectionsLeft = server.connectionCount();
    server.close();
    await(server.closed());
    await(sleep(0));
    f.keysLeft = EventLoop.current().keyCount();
    return done();
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(20); // lets reference processing settle; not an ordering device
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  @Test
  void echoUnderChurnIsByteExactAndLeavesNothingBehind() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    long seed = Long.getLong("weft.seed", System.nanoTime());
    run(() -> churnWarmUp());
    long heapBefore = usedHeapAfterGc();
    int fdsBefore = NetTesting.openDescriptors();
    Figures f = new Figures();
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      run(() -> churn(seed, f));
      assertEquals(List.of(), unhandled.seen, "nothing reported by the server");
    }
    int fdsAfter = NetTesting.openDescriptors();
    long heapAfter = usedHeapAfterGc();
    System.out.printf("EchoChurnTest: %d s, seed %d: %d exchanges byte-exact of %d (%d MiB echoed), %d abandoned, "
        + "%d resets, %d disconnects, %d client-side errors; server connections left %d, keys left %d; descriptors "
        + "before %d, after %d; heap after GC before %.1f MiB, after %.1f MiB%n", MILLIS / 1000, seed,
        f.exchanges - f.mismatches, f.exchanges, f.bytes >> 20, f.abandoned, f.resets.get(), f.disconnects.get(),
        f.threadErrors.get(), f.serverConnectionsLeft, f.keysLeft, fdsBefore, fdsAfter, heapBefore / 1048576.0,
        heapAfter / 1048576.0);
    assertEquals(0, f.mismatches, "seed " + seed + ": every completed exchange byte-exact");
    assertTrue(f.exchanges > 0, "some exchanges completed");
    assertEquals(0, f.serverConnectionsLeft);
    assertEquals(0, f.keysLeft, "no selector key left");
    assertTrue(fdsAfter <= fdsBefore + SLACK_FDS, "descriptors: before " + fdsBefore + ", after " + fdsAfter);
    assertTrue(heapAfter <= heapBefore + HEAP_SLACK, "heap back near its baseline");
  }

  /** A short churn, so that classes and the JDK's lazily opened files are there before the counts are taken. */
  @Async
  private static Task<Void> churnWarmUp() {
    TcpServer server = await(Tcp.startServer(HOST, 0, EchoChurnTest::echo));
    Random rnd = new Random(1);
    for (int i = 0; i < 20; i++) {
      await(exchange(server.port(), new byte[1 + i * 1000], rnd));
      await(abandon(server.port(), new byte[1000], rnd));
    }
    server.close();
    await(server.closed());
    return done();
  }
}
