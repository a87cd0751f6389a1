package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.net.NetTesting.HOST;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow-reader run of {@link BackpressureAndLimitsTest}, as a program for a child JVM with a fixed, pre-touched
 * heap ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}). There the process's RSS no longer follows the
 * collector's heap sizing (which, in the test JVM, grows the heap by hundreds of MiB under the garbage of a busy
 * run, whatever the connections hold), so its growth measures what else the run keeps: direct buffers, native
 * socket state, threads. What the connections hold in the heap is bounded by the fixed heap itself (unbounded
 * buffering ends in {@code OutOfMemoryError}) and measured by the per-connection figures.
 *
 * <p>Usage: {@code SlowReadersMain connections slowMillis seed}. Prints {@code name=value} lines; exit 0 unless the
 * run itself failed.
 */
public final class SlowReadersMain {

  private static final long WARM_UP_MILLIS = 500;

  private SlowReadersMain() {
  }

  @Async
  private static Task<Void> serve(final CompletableFuture<Integer> port, final CompletableFuture<Void> clientsDone,
      final SlowReaders.Server s) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> SlowReaders.stream(in, out, s)));
    port.complete(server.port());
    await(clientsDone);
    while (server.connectionCount() > 0) {
      await(sleep(1)); // bounded by the parent's timeout
    }
    server.close();
    await(server.closed());
    return done();
  }

  /** The server loop on its own thread, the clients on this one. */
  static void slowReaders(final int connections, final long slowMillis, final long seed, final SlowReaders.Server s,
      final Runnable atPlateau, final SlowReaders.Clients f) throws Exception {
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
    }, "slow-readers-server-loop");
    serverThread.start();
    try {
      int p = port.get(30, TimeUnit.SECONDS);
      run(() -> SlowReaders.run(p, connections, seed, slowMillis, s, atPlateau, f));
    } finally {
      clientsDone.complete(null);
      serverEnded.get(2, TimeUnit.MINUTES);
      serverThread.join();
    }
  }

  /**
   * Resident set size after glibc has handed its free lists back to the system ({@code System.trim_native_heap},
   * JDK 17.0.9+): memory the JVM freed (the JIT's arenas, mostly) otherwise stays resident at the run's peak and
   * the figure depends on when the compiler ran rather than on what the run keeps.
   *
   * @return bytes; the second element 1 if the trim ran, 0 if this JDK lacks it
   */
  private static long[] residentAfterTrim() {
    long trimmed = 0;
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      trimmed = 1;
    } catch (JMException | RuntimeException e) {
      // an older JDK: the untrimmed figure, marked as such
    }
    return new long[] {NetTesting.residentBytes(), trimmed};
  }

  /** Heap in use after a full collection, in bytes. */
  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public static void main(final String[] args) throws Exception {
    int connections = Integer.parseInt(args[0]);
    long slowMillis = Long.parseLong(args[1]);
    long seed = Long.parseLong(args[2]);
    AtomicLong unhandled = new AtomicLong();
    Weft.setUnhandledExceptionHandler(e -> {
      unhandled.incrementAndGet();
      e.printStackTrace();
    });
    // Warm-up at full scale: the JIT compiles the run's paths (its arenas alone grew RSS by ~15 MiB when the
    // warm-up was small) and malloc's arenas reach their working size before the baseline is taken.
    slowReaders(connections, WARM_UP_MILLIS, 1, new SlowReaders.Server(), () -> { }, new SlowReaders.Clients());
    long heapBefore = liveHeap();
    long[] rssBefore = residentAfterTrim();
    int fdsBefore = NetTesting.openDescriptors();
    long[] plateau = {-1, -1};
    SlowReaders.Server s = new SlowReaders.Server();
    SlowReaders.Clients f = new SlowReaders.Clients();
    long started = System.nanoTime();
    slowReaders(connections, slowMillis, seed, s, () -> {
      plateau[0] = residentAfterTrim()[0];
      plateau[1] = liveHeap(); // everything the connections hold is live here
    }, f);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    long heapAfter = liveHeap();
    long[] rssAfter = residentAfterTrim();
    int fdsAfter = NetTesting.openDescriptors();
    Object[][] figures = {
        {"connected", f.connected}, {"handlers", s.handlers}, {"parked", f.parked}, {"written", s.written},
        {"received", f.received}, {"serverMaxBuffered", s.maxBuffered}, {"parkedMaxBuffer", f.maxParkedBuffer},
        {"parkedAverageBuffer", f.parkedBuffers / Math.max(1, f.parked)}, {"slowBytes", f.slowBytes},
        {"mismatches", f.mismatches}, {"serverErrors", s.errors}, {"keysLeft", f.keysLeft},
        {"unhandled", unhandled.get()}, {"rssBefore", rssBefore[0]}, {"rssPlateau", plateau[0]},
        {"rssAfter", rssAfter[0]}, {"rssTrimmed", rssBefore[1] & rssAfter[1]},
        {"heapBefore", heapBefore}, {"heapPlateau", plateau[1]}, {"heapAfter", heapAfter},
        {"fdsBefore", fdsBefore}, {"fdsAfter", fdsAfter}, {"seconds", seconds},
        {"maxHeap", Runtime.getRuntime().maxMemory()}};
    for (Object[] kv : figures) {
      System.out.println(kv[0] + "=" + kv[1]);
    }
    if (f.firstMismatch != null) {
      System.out.println("firstMismatch=" + f.firstMismatch);
    }
  }
}
