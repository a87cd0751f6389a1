package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * echo, the client side: the same client for every server of {@link EchoServer}. One thread, one selector,
 * {@code connections} sockets, each sending a 64-byte message and waiting for its echo {@code trips} times.
 *
 * <p>A warm-up round (a tenth of the trips, the echoed bytes checked) comes first, then {@code rounds} measured
 * rounds. For each measured round: round trips per second, and the server's CPU time per round trip, user and
 * system apart, from the server process's own accounting ({@code utime}/{@code stime} of {@code /proc/<pid>/stat};
 * elsewhere {@code ProcessHandle}'s total, counted as user time).
 *
 * <p>Thread rule: the calling thread drives the client. Runs in the suite's JVM.
 */
final class EchoBenchmark {

  static final int MESSAGE = 64;

  private EchoBenchmark() {
    throw new AssertionError();
  }

  /** One connection's state. */
  private static final class Conn {
    final SocketChannel ch;
    final ByteBuffer out;
    final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);
    int remaining;
    boolean check;

    Conn(final SocketChannel ch, final ByteBuffer message) {
      this.ch = ch;
      this.out = message.duplicate();
    }
  }

  /**
   * Starts the server in a child JVM, runs the rounds, stops the server.
   *
   * @return per metric ({@code rt_per_s}, {@code user_us_per_rt}, {@code sys_us_per_rt}), one value per round
   */
  static Map<String, List<Double>> run(final String java, final List<String> jvmArgs, final String contender,
      final int connections, final int trips, final int rounds) throws IOException, InterruptedException {
    Process server = new ProcessBuilder(Jvm.command(java, jvmArgs, EchoServer.class, contender))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      return drive(readPort(server), server.pid(), contender, connections, trips, rounds);
    } finally {
      server.getOutputStream().close(); // the server exits at the end of its stdin (JFR dumps then)
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
        server.waitFor();
      }
    }
  }

  /**
   * Drives a running server: {@code java ... EchoBenchmark PORT SERVER_PID [connections trips rounds]}, to profile
   * or trace a server started by hand ({@code strace -c -f}, JFR).
   */
  public static void main(final String[] args) throws IOException {
    drive(Integer.parseInt(args[0]), Long.parseLong(args[1]), "server " + args[1],
        args.length > 2 ? Integer.parseInt(args[2]) : 100, args.length > 3 ? Integer.parseInt(args[3]) : 10_000,
        args.length > 4 ? Integer.parseInt(args[4]) : 1);
  }

  /** The client: connects, warms up (echo checked), runs the measured rounds against {@code port}. */
  static Map<String, List<Double>> drive(final int port, final long serverPid, final String contender,
      final int connections, final int trips, final int rounds) throws IOException {
    Map<String, List<Double>> results = new TreeMap<>();
    ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE);
    for (int i = 0; i < MESSAGE; i++) {
      message.put((byte) ('a' + i % 26));
    }
    message.flip();
    List<Conn> conns = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        Conn c = new Conn(ch, message);
        ch.register(selector, SelectionKey.OP_READ, c);
        conns.add(c);
      }
      round(selector, conns, Math.max(1, trips / 10), true, message);
      for (int r = 1; r <= rounds; r++) {
        long[] cpu0 = cpu(serverPid);
        long t0 = System.nanoTime();
        round(selector, conns, trips, false, message);
        long t1 = System.nanoTime();
        long[] cpu1 = cpu(serverPid);
        double total = (double) connections * trips;
        double perSecond = total / ((t1 - t0) / 1e9);
        double userUs = (cpu1[0] - cpu0[0]) / 1e3 / total;
        double sysUs = (cpu1[1] - cpu0[1]) / 1e3 / total;
        System.err.printf("  echo %s round %d/%d: %.0f round trips/s, server CPU %.2f us user + %.2f us sys"
            + " per round trip%n", contender, r, rounds, perSecond, userUs, sysUs);
        results.computeIfAbsent("rt_per_s", k -> new ArrayList<>()).add(perSecond);
        results.computeIfAbsent("user_us_per_rt", k -> new ArrayList<>()).add(userUs);
        results.computeIfAbsent("sys_us_per_rt", k -> new ArrayList<>()).add(sysUs);
      }
      for (Conn c : conns) {
        c.ch.close();
      }
    }
    return results;
  }

  private static int readPort(final Process server) throws IOException {
    BufferedReader r = Jvm.reader(server);
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).trim());
      }
      System.err.println("    " + line);
    }
    throw new IllegalStateException("echo server exited before announcing its port");
  }

  /** Runs {@code trips} round trips on every connection at once. */
  private static void round(final Selector selector, final List<Conn> conns, final int trips, final boolean check,
      final ByteBuffer message) throws IOException {
    int active = conns.size();
    for (Conn c : conns) {
      c.remaining = trips;
      c.check = check;
      send(c);
    }
    while (active > 0) {
      selector.select();
      var keys = selector.selectedKeys();
      for (SelectionKey k : keys) {
        Conn c = (Conn) k.attachment();
        int n = c.ch.read(c.in);
        if (n < 0) {
          throw new IOException("server closed a connection");
        }
        if (c.in.hasRemaining()) {
          continue;
        }
        if (c.check) {
          c.in.flip();
          if (!c.in.equals(message)) {
            throw new IllegalStateException("echo returned different bytes");
          }
        }
        c.in.clear();
        if (--c.remaining == 0) {
          active--;
        } else {
          send(c);
        }
      }
      keys.clear();
    }
  }

  private static void send(final Conn c) throws IOException {
    c.out.rewind();
    while (c.out.hasRemaining()) {
      if (c.ch.write(c.out) == 0) {
        Thread.onSpinWait();
      }
    }
  }

  /** The process's CPU time so far in nanoseconds: {user, system}. */
  static long[] cpu(final long pid) {
    try {
      String stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long tick = TimeUnit.SECONDS.toNanos(1) / clockTicks();
      return new long[] {Long.parseLong(f[11]) * tick, Long.parseLong(f[12]) * tick};
    } catch (IOException | RuntimeException e) {
      long total = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos)
          .orElse(0L);
      return new long[] {total, 0};
    }
  }

  private static long ticks;

  private static long clockTicks() {
    if (ticks == 0) {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        try (BufferedReader r = Jvm.reader(p)) {
          ticks = Long.parseLong(r.readLine().trim());
        }
        p.waitFor();
      } catch (IOException | RuntimeException e) {
        ticks = 100;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ticks = 100;
      }
    }
    return ticks;
  }
}
