package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static dev.weft.net.NetTesting.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.net.HalfCloseTrial.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TEST-PLAN harness 23, {@code HalfCloseAndReset} (after Netty's socket half-close and reset suites): trial after
 * trial, a Weft stream against a blocking {@code java.net} peer, Weft as server and as client in turn, each trial
 * one of ({@link HalfCloseTrial}):
 * <ul>
 *   <li>the peer half-closes: Weft's reader gets every byte, then EOF (a {@code read} loop ending in an empty read,
 *       {@code readExactly} past the end raising {@link IncompleteReadException} with exactly the bytes sent, or
 *       {@code readAll}), EOF again on the next read, and Weft then writes a reply the peer receives whole;</li>
 *   <li>Weft half-closes ({@code shutdownOutput}): the peer reads everything to EOF, a later {@code write} is
 *       refused, and the peer's reply reaches Weft whole;</li>
 *   <li>an RST while Weft reads: the bytes received before are a prefix of what was sent (all of them when Weft
 *       had acknowledged them), then the read fails with an {@code IOException}, and every later read with the same
 *       one;</li>
 *   <li>an RST while Weft writes (the peer reads part of a long stream, then resets, at once or once Weft's writer
 *       waits in {@code drain()}): {@code drain()} fails with an {@code IOException}, never hangs, and reads fail
 *       with the same exception.</li>
 * </ul>
 * Streams are seeded and checked by SHA-256. Each trial has a liveness bound (10 s, where a trial takes
 * milliseconds): 0 hangs, 0 problems, nothing reported as unhandled; afterwards no connection, key or descriptor
 * left. Short form 1,000 trials (TEST-PLAN's figure; a few seconds; {@code -Dweft.halfclose.trials});
 * {@code -Dweft.long=true}: 10,000.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HalfCloseAndResetTest {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final int TRIALS = Integer.getInteger("weft.halfclose.trials", LONG ? 10_000 : 1000);
  private static final Duration BOUND = Duration.ofSeconds(10);
  /** A writer that meets no reset within this many bytes has a problem (the kernel buffers a few MiB at most). */
  private static final long WRITE_CAP = 64L << 20;
  private static final int SLACK_FDS = 8;

  /** Counts per fault, and the first problems. */
  private static final class Figures {
    final int[] trials = new int[Fault.values().length];
    final int[] problems = new int[Fault.values().length];
    int hangs;
    long resetAfterAllBytes;
    long resetBeforeAllBytes;
    long bufferedAtReset;
    long neverArrived;
    long writtenBeforeReset;
    final List<String> firstProblems = new ArrayList<>();
    int keysLeft = -1;
    int connectionsLeft = -1;
  }

  // ---- the Weft side of each fault ----------------------------------------------------------------------------

  @Async
  private static Task<String> peerHalfCloses(final StreamReader in, final StreamWriter out, final HalfCloseTrial t) {
    String p;
    if (t.variant() == HalfCloseTrial.READ_LOOP) {
      p = await(SeededBytes.receive(in, t.seedA(), t.lengthA()));
    } else if (t.variant() == HalfCloseTrial.READ_EXACTLY_PAST_EOF) {
      int asked = t.lengthA() + 1 + t.lengthB() % 1000;
      try {
        byte[] b = await(in.readExactly(asked));
        return done("readExactly(" + asked + ") gave " + b.length + " bytes past EOF");
      } catch (IncompleteReadException e) {
        p = e.expected() != asked ? "IncompleteReadException.expected() " + e.expected() + ", asked " + asked
            : SeededBytes.check(sha(e.partial()), e.partial().length, t.seedA(), t.lengthA());
      }
    } else {
      byte[] all = await(in.readAll());
      p = SeededBytes.check(sha(all), all.length, t.seedA(), t.lengthA());
    }
    if (p != null) {
      return done("reading to the peer's half-close: " + p);
    }
    byte[] again = await(in.read(16));
    if (again.length != 0 || !in.atEof()) {
      return done("after EOF: read gave " + again.length + " bytes, atEof() " + in.atEof());
    }
    await(SeededBytes.send(out, t.seedB(), t.lengthB())); // the other direction is still open
    return done(null);
  }

  @Async
  private static Task<String> weftHalfCloses(final StreamReader in, final StreamWriter out, final HalfCloseTrial t) {
    await(SeededBytes.send(out, t.seedA(), t.lengthA()));
    out.shutdownOutput();
    try {
      out.write(new byte[1]);
      return done("write() after shutdownOutput() was accepted");
    } catch (IllegalStateException expected) {
      // documented: writing after a half-close is a programming error
    }
    String p = await(SeededBytes.receive(in, t.seedB(), t.lengthB()));
    return done(p == null ? null : "the peer's reply after our half-close: " + p);
  }

  @Async
  private static Task<String> resetMidRead(final StreamReader in, final StreamWriter out, final HalfCloseTrial t,
      final Figures f) {
    MessageDigest got = SeededBytes.sha256();
    long count = 0;
    Throwable failure;
    if (t.variant() == HalfCloseTrial.ACKED) {
      byte[] all = await(in.readExactly(t.lengthA()));
      got.update(all);
      count = all.length;
      out.write(new byte[] {HalfCloseTrial.SIGNAL}); // the peer resets once it reads this: our next read waits
    } else {
      out.write(new byte[] {HalfCloseTrial.SIGNAL}); // the peer sends, then resets at once
    }
    try {
      while (true) {
        byte[] b = await(nextRead(in, t));
        if (b.length == 0) {
          return done("EOF after " + count + " bytes where the peer reset");
        }
        got.update(b);
        count += b.length;
      }
    } catch (Exception e) {
      failure = e;
    }
    if (!(failure instanceof IOException)) {
      return done("a read after the reset failed with " + failure + ", not an IOException");
    }
    if (count > t.lengthA()) {
      return done(count + " bytes received, " + t.lengthA() + " sent");
    }
    String p = SeededBytes.check(got.digest(), count, t.seedA(), (int) count);
    if (p != null) {
      return done("the bytes before the reset: " + p);
    }
    if (count == t.lengthA()) {
      f.resetAfterAllBytes++;
    } else {
      f.resetBeforeAllBytes++;
      f.bufferedAtReset += in.buffered(); // arrived, but a reset fails reads at once (asyncio's rule)
      f.neverArrived += t.lengthA() - count - in.buffered();
    }
    return done(laterReadFailsTheSame(in, failure));
  }

  /** The read a trial waits in when the reset comes; chosen by the trial, so every read kind meets one. */
  private static Task<byte[]> nextRead(final StreamReader in, final HalfCloseTrial t) {
    switch ((int) ((t.seedB() & 0xff) % 4)) {
      case 0:
        return in.readExactly(1 + t.lengthB() % 100);
      case 1:
        return in.readLine();
      case 2:
        return in.readAll();
      default:
        return in.read(SeededBytes.CHUNK);
    }
  }

  @Async
  private static Task<String> resetMidWrite(final StreamReader in, final StreamWriter out, final HalfCloseTrial t,
      final Figures f) {
    SeededBytes bytes = new SeededBytes(t.seedA());
    byte[] chunk = new byte[16 * 1024];
    long sent = 0;
    Throwable failure = null;
    try {
      while (sent < WRITE_CAP) {
        bytes.next(chunk, chunk.length);
        out.write(chunk);
        sent += chunk.length;
        Task<Void> drained = out.drain();
        if (!drained.isDone()) {
          t.draining().countDown(); // the IN_DRAIN peer resets now
        }
        await(drained);
      }
    } catch (Exception e) {
      failure = e;
    }
    if (!(failure instanceof IOException)) {
      return done(failure == null ? "wrote " + sent + " bytes to a peer that reset, and no write or drain failed"
          : "the writer failed with " + failure + ", not an IOException");
    }
    f.writtenBeforeReset += sent;
    return done(laterReadFailsTheSame(in, failure));
  }

  /** Null if a read now fails at once with {@code failure} itself (the lost connection's one exception). */
  private static String laterReadFailsTheSame(final StreamReader in, final Throwable failure) {
    Task<byte[]> again = in.read(1);
    if (!again.isDone()) {
      return "a read after the reset waits instead of failing";
    }
    try {
      again.result();
      return "a read after the reset succeeded";
    } catch (Throwable e) {
      return e == failure ? null : "a later read failed with " + e + ", not the reset's " + failure;
    }
  }

  @Async
  private static Task<String> weftSide(final StreamReader in, final StreamWriter out, final HalfCloseTrial t,
      final Figures f) {
    switch (t.fault()) {
      case PEER_HALF_CLOSE:
        return peerHalfCloses(in, out, t);
      case WEFT_HALF_CLOSE:
        return weftHalfCloses(in, out, t);
      case RST_MID_READ:
        return resetMidRead(in, out, t, f);
      default:
        return resetMidWrite(in, out, t, f);
    }
  }

  /** Weft as the client: connect to the blocking server, play, close. */
  @Async
  private static Task<String> weftClient(final int port, final HalfCloseTrial t, final Figures f) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    try {
      return done(await(weftSide(c.reader(), c.writer(), t, f)));
    } finally {
      c.close();
    }
  }

  // ---- the trials -------------------------------------------------------------------------------------------

  @Async
  private static Task<Void> trials(final int count, final long seed, final ExecutorService peers,
      final ServerSocket blocking, final Figures f) {
    Random rnd = new Random(seed);
    // The trial the next connection to the Weft server plays, and where its outcome goes (trials run one by one).
    AtomicReference<HalfCloseTrial> current = new AtomicReference<>();
    AtomicReference<Promise<String>> outcome = new AtomicReference<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      Promise<String> p = outcome.get();
      try {
        p.complete(await(weftSide(in, out, current.get(), f)));
      } catch (Exception e) {
        p.complete("Weft's side failed: " + e);
      }
      return done();
    }));
    long bound = BOUND.toMillis();
    for (int i = 0; i < count; i++) {
      HalfCloseTrial t = HalfCloseTrial.make(i, rnd);
      Task<String> weft;
      CompletableFuture<String> peer;
      if (t.weftServer()) {
        Promise<String> p = new Promise<>();
        outcome.set(p);
        current.set(t);
        weft = p;
        peer = CompletableFuture.supplyAsync(() -> HalfClosePeer.client(server.port(), t, bound), peers);
      } else {
        peer = CompletableFuture.supplyAsync(() -> HalfClosePeer.server(blocking, t, bound), peers);
        weft = weftClient(blocking.getLocalPort(), t, f);
      }
      String problem;
      try {
        problem = await(waitFor(weft, BOUND));
      } catch (AsyncTimeoutException e) {
        problem = HalfClosePeer.HANG + "Weft's side did not finish";
        server.abortClients();
      } catch (Exception e) {
        problem = "Weft's side failed: " + e;
      }
      String peerProblem;
      try {
        peerProblem = await(waitFor(Task.from(peer), BOUND.multipliedBy(2)));
      } catch (AsyncTimeoutException e) {
        peerProblem = HalfClosePeer.HANG + "the peer did not finish";
      }
      problem = problem != null ? problem : peerProblem;
      f.trials[t.fault().ordinal()]++;
      if (problem != null) {
        f.problems[t.fault().ordinal()]++;
        f.hangs += problem.startsWith(HalfClosePeer.HANG) ? 1 : 0;
        if (f.firstProblems.size() < 5) {
          f.firstProblems.add(t.describe() + ": " + problem);
        }
      }
    }
    long closeBound = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connectionCount() > 0 && System.nanoTime() < closeBound) {
      await(sleep(1));
    }
    f.connectionsLeft = server.connectionCount();
    server.close();
    await(server.closed());
    await(sleep(0));
    f.keysLeft = EventLoop.current().keyCount();
    return done();
  }

  private static byte[] sha(final byte[] b) {
    return SeededBytes.sha256().digest(b);
  }

  @Test
  void halfClosesDeliverEverythingAndResetsFailReadsAndWritesWithoutHanging() throws Exception {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    long seed = Long.getLong("weft.seed", System.nanoTime());
    Figures f = new Figures();
    ExecutorService peers = Executors.newCachedThreadPool();
    int fdsBefore;
    long started;
    try (ServerSocket blocking = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      blocking.setSoTimeout((int) BOUND.toMillis());
      run(() -> trials(16, 1, peers, blocking, new Figures())); // classes and the JDK's lazily opened files
      fdsBefore = NetTesting.openDescriptors();
      started = System.nanoTime();
      run(() -> trials(TRIALS, seed, peers, blocking, f));
      assertEquals(List.of(), unhandled.seen, "nothing reported as unhandled");
    } finally {
      peers.shutdownNow();
      assertTrue(peers.awaitTermination(30, TimeUnit.SECONDS), "peer threads ended");
    }
    int fdsAfter = NetTesting.openDescriptors();
    System.out.printf("HalfCloseAndResetTest: %d trials in %.1f s, seed %d: per fault (trials/problems) %s; "
        + "hangs %d; RST mid-read: %d after every byte was read, %d before (a prefix checked; of the rest, %,d "
        + "bytes were in the reader's buffer, %,d never arrived); RST mid-write: %.1f MiB written before the "
        + "failure on average; left: %d connections, %d keys; descriptors before %d, after %d%n",
        TRIALS, (System.nanoTime() - started) / 1e9, seed, perFault(f), f.hangs, f.resetAfterAllBytes,
        f.resetBeforeAllBytes, f.bufferedAtReset, f.neverArrived,
        f.writtenBeforeReset / Math.max(1.0, f.trials[Fault.RST_MID_WRITE.ordinal()]) / (1 << 20),
        f.connectionsLeft, f.keysLeft, fdsBefore, fdsAfter);
    assertEquals(0, f.hangs, "hangs; first problems: " + f.firstProblems);
    assertEquals(List.of(), f.firstProblems, "seed " + seed);
    assertEquals(TRIALS, Arrays.stream(f.trials).sum());
    assertEquals(0, f.connectionsLeft, "server connections left");
    assertEquals(0, f.keysLeft, "selector keys left");
    assertTrue(fdsAfter <= fdsBefore + SLACK_FDS, "descriptors: before " + fdsBefore + ", after " + fdsAfter);
  }

  private static String perFault(final Figures f) {
    StringBuilder b = new StringBuilder();
    for (Fault x : Fault.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(x).append(' ').append(f.trials[x.ordinal()]).append('/')
          .append(f.problems[x.ordinal()]);
    }
    return b.toString();
  }
}
