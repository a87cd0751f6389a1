package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitAll;
import static dev.weft.Weft.waitFor;
import static dev.weft.net.NetTesting.HOST;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.task.WaitResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The client side of {@link EchoSoakTest}: a Weft loop holding {@code connections} connections at once (slots, each
 * running one exchange after another until the deadline) plus a few blocking threads that reset their connections.
 *
 * <p>A slot's exchange is one of: a verified echo of a seeded stream of 1 byte to 1 MiB (written and read
 * concurrently, then either half-closed with {@code shutdownOutput()} and read to EOF, or read to its length and
 * closed), the same exchange cancelled after a random delay, or a half-sent stream aborted. Every exchange runs
 * under a liveness bound; one that passes it is counted as hung.
 */
final class EchoSoakClients {

  /** The largest payload. */
  static final int MAX_PAYLOAD = 1 << 20;
  /** Liveness bound of one exchange: far beyond what a megabyte over loopback needs, even on a loaded machine. */
  static final Duration EXCHANGE_BOUND = Duration.ofSeconds(60);
  private static final int CHUNK = SeededBytes.CHUNK;

  /** The figures; loop-thread fields written by the client loop only, atomics by the blocking threads. */
  static final class Figures {
    int concurrentAtStart;
    long verified;
    long verifiedBytes;
    long halfClosed;
    long mismatches;
    String firstMismatch;
    long cancelled;
    long aborted;
    long hungExchanges;
    long loopErrors;
    Throwable firstError;
    int hungSlots = -1;
    int keysLeft = -1;
    int tasksLeft = -1;
    final AtomicLong threadVerified = new AtomicLong();
    final AtomicLong threadMismatches = new AtomicLong();
    final AtomicLong threadResets = new AtomicLong();
    final AtomicLong threadErrors = new AtomicLong();
  }

  private EchoSoakClients() {
  }

  /** 1 byte to 1 MiB, log-uniform (every size class as likely), with the two extremes a few percent each. */
  static int payloadLength(final Random rnd) {
    int pick = rnd.nextInt(100);
    if (pick < 3) {
      return 1;
    }
    if (pick < 6) {
      return MAX_PAYLOAD;
    }
    return (int) Math.min(MAX_PAYLOAD, Math.max(1, Math.exp(rnd.nextDouble() * Math.log(MAX_PAYLOAD))));
  }

  // ---- one exchange -----------------------------------------------------------------------------------------

  /** Sends the stream, half-closing after it if asked; returns the sent digest. */
  @Async
  private static Task<byte[]> send(final StreamWriter out, final int length, final long seed,
      final boolean halfClose) {
    byte[] digest = await(SeededBytes.send(out, seed, length));
    if (halfClose) {
      out.shutdownOutput();
    }
    return done(digest);
  }

  /** Echoes {@code length} seeded bytes over {@code c}, then closes it; null when byte-exact, else what differed. */
  @Async
  static Task<String> exchange(final TcpConnection c, final int length, final long seed, final boolean halfClose) {
    Task<byte[]> sending = send(c.writer(), length, seed, halfClose); // concurrent with the read: no deadlock
    try {
      MessageDigest got = SeededBytes.sha256();
      long count = 0;
      while (halfClose || count < length) {
        byte[] b = await(c.reader().read(CHUNK));
        if (b.length == 0) {
          break;
        }
        got.update(b);
        count += b.length;
      }
      byte[] sent = await(sending);
      if (count != length) {
        return done("length " + length + ", echoed " + count + (halfClose ? " before EOF" : ""));
      }
      return done(Arrays.equals(sent, got.digest()) ? null : "SHA-256 differs, length " + length);
    } finally {
      sending.cancel(); // an exchange cancelled half-way: the sender must not write to a closed connection
      c.close();
    }
  }

  /** One step of a slot: a verified exchange (most), a cancelled one, or an abort half-way. */
  @Async
  private static Task<Void> step(final TcpConnection c, final Random rnd, final Figures f) {
    int length = payloadLength(rnd);
    long seed = rnd.nextLong();
    int action = rnd.nextInt(100);
    if (action < 8) { // abort half-way: the server sees the stream end early (EOF or reset)
      byte[] some = new byte[Math.max(1, Math.min(length, CHUNK) / 2)];
      new SeededBytes(seed).next(some, some.length);
      c.writer().write(some);
      await(sleep(rnd.nextInt(3)));
      c.writer().abort();
      f.aborted++;
      return done();
    }
    boolean halfClose = rnd.nextInt(4) != 0;
    Task<String> t = exchange(c, length, seed, halfClose);
    if (action < 16) { // cancel the client's task after a while (it may have finished by then: then it is checked)
      await(sleep(rnd.nextInt(20)));
      t.cancel();
    }
    try {
      String problem = await(waitFor(t, EXCHANGE_BOUND));
      f.verified++;
      f.verifiedBytes += length;
      f.halfClosed += halfClose ? 1 : 0;
      if (problem != null) {
        f.mismatches++;
        f.firstMismatch = f.firstMismatch == null ? problem : f.firstMismatch;
      }
    } catch (CancelledException e) {
      f.cancelled++;
    } catch (AsyncTimeoutException e) {
      f.hungExchanges++;
    } catch (Exception e) { // an IOException on a well-behaved exchange: the server never resets one
      f.loopErrors++;
      f.firstError = f.firstError == null ? e : f.firstError;
    }
    return done();
  }

  /** Runs steps on {@code first}, then on new connections, until the deadline. */
  @Async
  private static Task<Void> slot(final int port, final TcpConnection first, final long seed, final long deadline,
      final Figures f) {
    Random rnd = new Random(seed);
    TcpConnection c = first;
    while (System.nanoTime() < deadline) {
      if (c == null) {
        c = await(Tcp.openConnection(HOST, port));
      }
      await(step(c, rnd, f));
      c = null;
    }
    if (c != null) {
      c.close();
    }
    return done();
  }

  // ---- blocking peers ---------------------------------------------------------------------------------------

  /** A blocking client: sends some bytes and resets (SO_LINGER 0), or runs a small verified half-closed echo. */
  static void resetter(final int port, final long seed, final long deadline, final Figures f) {
    Random rnd = new Random(seed);
    byte[] chunk = new byte[32 * 1024];
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(HOST, port)) {
        s.setSoTimeout((int) EXCHANGE_BOUND.toMillis());
        SeededBytes bytes = new SeededBytes(rnd.nextLong());
        int n = 1 + rnd.nextInt(chunk.length); // small enough for the kernel's buffers: no read needed meanwhile
        bytes.next(chunk, n);
        OutputStream out = s.getOutputStream();
        out.write(chunk, 0, n);
        if (rnd.nextInt(3) == 0) {
          s.shutdownOutput();
          MessageDigest got = SeededBytes.sha256();
          InputStream in = s.getInputStream();
          long count = 0;
          for (int r; (r = in.read(chunk)) > 0; count += r) {
            got.update(chunk, 0, r);
          }
          f.threadVerified.incrementAndGet();
          if (count != n || !Arrays.equals(got.digest(), bytes.digest())) {
            f.threadMismatches.incrementAndGet();
          }
        } else {
          if (rnd.nextBoolean()) {
            s.getInputStream().read(chunk, 0, 1 + rnd.nextInt(n)); // part of the echo, then the reset
          }
          s.setSoLinger(true, 0); // close() sends an RST
          f.threadResets.incrementAndGet();
        }
      } catch (IOException e) { // a read timeout is a hang here; nothing else should fail either
        f.threadErrors.incrementAndGet();
      }
    }
  }

  // ---- the whole client side --------------------------------------------------------------------------------

  /**
   * Opens {@code connections} connections, waits until the server runs a handler for each (so they really are
   * concurrent), then runs the slots and the resetting threads until {@code runNanos} have passed.
   *
   * @param serverHandlers the server's count of running handlers (read from this thread: an atomic)
   */
  @Async
  static Task<Void> run(final int port, final int connections, final int threads, final long seed,
      final long runNanos, final IntSupplier serverHandlers, final Figures f) {
    EventLoop loop = EventLoop.current();
    await(sleep(0)); // this task is live (counted) from its first suspension on
    int tasksBefore = loop.tasks().size();
    List<Task<TcpConnection>> opening = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      opening.add(Tcp.openConnection(HOST, port));
    }
    List<TcpConnection> open = await(gather(opening));
    long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (serverHandlers.getAsInt() < connections && System.nanoTime() < bound) {
      await(sleep(5));
    }
    f.concurrentAtStart = serverHandlers.getAsInt();

    long deadline = System.nanoTime() + runNanos;
    List<Thread> resetters = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      long s = seed * 31 + i;
      Thread t = new Thread(() -> resetter(port, s, deadline, f), "soak-resetter-" + i);
      t.start();
      resetters.add(t);
    }
    List<Task<Void>> slots = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      TcpConnection first = open.get(i);
      long s = seed + i;
      slots.add(spawn(() -> slot(port, first, s, deadline, f)));
    }
    // A slot ends one exchange after the deadline; twice the exchange bound is the liveness bound for all of them.
    Duration bound2 = Duration.ofNanos(runNanos).plus(EXCHANGE_BOUND.multipliedBy(2));
    WaitResult<Task<Void>> ended = await(waitAll(slots, bound2));
    f.hungSlots = ended.pending().size();
    for (Task<Void> t : ended.pending()) {
      t.cancel();
    }
    for (Task<Void> t : ended.done()) {
      await(t); // a slot that failed (connect refused, say) fails the test here
    }
    for (Thread t : resetters) {
      while (t.isAlive()) {
        await(sleep(10)); // never block the loop on join
      }
    }
    long keysBound = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (loop.keyCount() > 0 && System.nanoTime() < keysBound) {
      await(sleep(1)); // closed channels leave the key set at the next select
    }
    f.keysLeft = loop.keyCount();
    f.tasksLeft = loop.tasks().size() - tasksBefore;
    return done();
  }
}
