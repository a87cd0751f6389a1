package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TEST-PLAN harness 24, {@code BackpressureAndLimits}: memory stays bounded however slowly peers read.
 * {@link HostilePeerTest} holds one never-reading peer and one endless line; this harness scales the first to 1,000
 * peers and checks that nothing is lost, and follows the second past the overrun.
 *
 * <p>Slow readers ({@link SlowReaders}, run by {@link SlowReadersMain} in a child JVM): a Weft server streams to
 * 1,000 Weft clients on another loop, half of which never read during the run and half of which read a few KiB at a
 * time with pauses. Proves: the server's outgoing buffer never exceeds the high-water mark (64 KiB) plus one write
 * (16 KiB) on any connection; a never-reading client's reader holds at most twice its limit plus one socket read
 * (64 KiB) although the server keeps trying to write to it (its reading is paused above twice the limit, not
 * before); once the clients read, every byte arrives in order and intact (compared with the seeded stream); no key,
 * descriptor or unhandled failure is left.
 *
 * <p>Memory: process RSS ({@code VmRSS}) growth over the run below 32 MiB (TEST-PLAN's figure), asserted. The child
 * JVM has a fixed, pre-touched heap, because in the test JVM the collector grows the heap by hundreds of MiB under
 * the garbage of a busy run whatever the connections hold, and that would be a figure about G1's sizing, not about
 * Weft. So the heap's share of the bound is the fixed heap itself (buffering without bound ends in
 * {@code OutOfMemoryError}) and the per-connection bounds above, and RSS growth measures everything else the run
 * keeps (direct buffers, native socket state, threads). The baseline follows a short warm-up at full scale, and
 * each reading follows {@code System.trim_native_heap}, so that the JIT's freed arenas, which glibc keeps resident,
 * do not count. Live heap after GC is printed before, at the plateau (all buffers full) and after.
 *
 * <p>A 1 MiB line without a separator: {@code readLine} fails with {@link LimitOverrunException} whose
 * {@code consumed} is past the limit, nothing is consumed, and the same connection then reads the megabyte exactly,
 * the next line, and answers.
 *
 * <p>Short form 1,000 clients slow for 3 s; {@code -Dweft.long=true}: slow for 60 s.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackpressureAndLimitsTest {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final int CONNECTIONS = Integer.getInteger("weft.slow.connections", 1000);
  private static final long SLOW_MILLIS = LONG ? 60_000 : 3_000;
  private static final long RSS_GROWTH_BOUND = 32L << 20;
  /** The child JVM's heap: the plateau's buffers (up to about 270 MiB for 1,000 connections) and room to collect. */
  private static final String CHILD_HEAP = "768m";

  // ---- 1,000 slow readers ---------------------------------------------------------------------------------

  /** Runs {@link SlowReadersMain} in a child JVM with a fixed, pre-touched heap; returns its figures. */
  private static Map<String, String> slowReadersInChildJvm(final long seed) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP, "-XX:+AlwaysPreTouch",
        "-cp", System.getProperty("java.class.path"), SlowReadersMain.class.getName(),
        String.valueOf(CONNECTIONS), String.valueOf(SLOW_MILLIS), String.valueOf(seed));
    Path out = Files.createTempFile("slow-readers", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      boolean ended = p.waitFor(SLOW_MILLIS + 240_000, TimeUnit.MILLISECONDS); // liveness bound
      if (!ended) {
        p.destroyForcibly().waitFor();
      }
      String text = Files.readString(out);
      assertTrue(ended && p.exitValue() == 0, "the child JVM " + (ended ? "exited " + p.exitValue() : "hung")
          + ":\n" + text);
      Map<String, String> figures = new HashMap<>();
      text.lines().filter(l -> l.matches("\\w+=.*")).forEach(l -> {
        int eq = l.indexOf('=');
        figures.put(l.substring(0, eq), l.substring(eq + 1));
      });
      figures.put("output", text);
      return figures;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void aThousandSlowReadersKeepEveryBufferBoundedAndLoseNothing() throws Exception {
    assumeTrue(NetTesting.residentBytes() > 0, "needs /proc/self/status");
    long seed = Long.getLong("weft.seed", System.nanoTime());
    Map<String, String> r = slowReadersInChildJvm(seed);
    ToLongFunction<String> n = k -> {
      assertTrue(r.containsKey(k), "the child printed no " + k + ":\n" + r.get("output"));
      return Long.parseLong(r.get(k));
    };
    int limit = StreamOptions.DEFAULT_READ_LIMIT;
    long serverBound = StreamOptions.DEFAULT_HIGH_WATER + SlowReaders.WRITE;
    long readerBound = 2L * limit + EventLoop.IO_BUFFER_SIZE;
    long rssGrowth = n.applyAsLong("rssAfter") - n.applyAsLong("rssBefore");
    System.out.printf("BackpressureAndLimitsTest: %d slow readers (%d never reading), slow for %d s, seed %d (child "
        + "JVM, heap %s fixed): server wrote %,d MiB, largest outgoing buffer %,d B (bound %,d); never-reading "
        + "readers held at most %,d B, %,d B on average (bound %,d = 2 x limit + one read); slow readers read %,d KiB "
        + "meanwhile; %,d MiB received, %d mismatches; server errors %d; keys left %d; unhandled %d; descriptors "
        + "%d / %d; live heap before %.1f MiB, at the plateau %.1f MiB, after %.1f MiB; RSS before %.1f MiB, at the "
        + "plateau %.1f MiB, after %.1f MiB%s: growth %.1f MiB (bound 32)%n",
        n.applyAsLong("connected"), n.applyAsLong("parked"), SLOW_MILLIS / 1000, seed, CHILD_HEAP,
        n.applyAsLong("written") >> 20, n.applyAsLong("serverMaxBuffered"), serverBound,
        n.applyAsLong("parkedMaxBuffer"), n.applyAsLong("parkedAverageBuffer"), readerBound,
        n.applyAsLong("slowBytes") >> 10, n.applyAsLong("received") >> 20, n.applyAsLong("mismatches"),
        n.applyAsLong("serverErrors"), n.applyAsLong("keysLeft"), n.applyAsLong("unhandled"),
        n.applyAsLong("fdsBefore"), n.applyAsLong("fdsAfter"), mib(n.applyAsLong("heapBefore")),
        mib(n.applyAsLong("heapPlateau")), mib(n.applyAsLong("heapAfter")), mib(n.applyAsLong("rssBefore")),
        mib(n.applyAsLong("rssPlateau")), mib(n.applyAsLong("rssAfter")),
        n.applyAsLong("rssTrimmed") == 1 ? " (native heap trimmed)" : " (this JDK cannot trim the native heap)",
        mib(rssGrowth));
    assertEquals(CONNECTIONS, n.applyAsLong("connected"));
    assertEquals(CONNECTIONS, n.applyAsLong("handlers"), "every connection served");
    assertTrue(n.applyAsLong("serverMaxBuffered") <= serverBound, "server's outgoing buffer bounded");
    assertTrue(n.applyAsLong("serverMaxBuffered") > StreamOptions.DEFAULT_HIGH_WATER, "the server met backpressure");
    assertTrue(n.applyAsLong("parkedMaxBuffer") <= readerBound, "a never-reading reader paused its reading");
    assertTrue(n.applyAsLong("parkedMaxBuffer") > 2L * limit, "and did so only above twice its limit");
    assertEquals(0, n.applyAsLong("mismatches"), "every byte in order and intact: " + r.get("firstMismatch"));
    assertEquals(n.applyAsLong("written"), n.applyAsLong("received"), "every byte written was received");
    assertEquals(0, n.applyAsLong("serverErrors"));
    assertEquals(0, n.applyAsLong("keysLeft"));
    assertEquals(0, n.applyAsLong("unhandled"), r.get("output"));
    assertTrue(n.applyAsLong("fdsAfter") <= n.applyAsLong("fdsBefore") + 8, "descriptors back to the baseline");
    assertTrue(rssGrowth < RSS_GROWTH_BOUND, "RSS growth over the run");
  }

  private static double mib(final long bytes) {
    return bytes / 1048576.0;
  }

  // ---- a 1 MiB line -----------------------------------------------------------------------------------------

  @Async
  private static Task<long[]> megabyteLine() {
    int megabyte = 1 << 20;
    Promise<long[]> seen = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      long consumed;
      try {
        await(in.readLine());
        consumed = -1;
      } catch (LimitOverrunException e) {
        consumed = e.consumed();
      }
      long bufferedAtOverrun = in.buffered();
      byte[] line = await(in.readExactly(megabyte)); // nothing was consumed: the whole megabyte is still there
      byte[] next = await(in.readLine());
      out.write(bytes("ok\n"));
      seen.complete(new long[] {consumed, bufferedAtOverrun, countOf(line, (byte) 'x'), next.length,
          Arrays.equals(next, bytes("hello\n")) ? 1 : 0});
      return done();
    }));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    byte[] xs = new byte[megabyte];
    Arrays.fill(xs, (byte) 'x');
    c.writer().write(xs);
    c.writer().write(bytes("hello\n"));
    byte[] answer = await(c.reader().readLine());
    assertArrayEquals(bytes("ok\n"), answer, "the connection answered after the overrun");
    c.close();
    long[] r = await(seen);
    server.close();
    await(server.closed());
    return done(r);
  }

  private static long countOf(final byte[] b, final byte x) {
    long n = 0;
    for (byte y : b) {
      n += y == x ? 1 : 0;
    }
    return n;
  }

  @Test
  void aMegabyteLineOverrunsTheLimitAndTheConnectionStaysUsable() {
    long[] r;
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      r = run(BackpressureAndLimitsTest::megabyteLine);
      assertEquals(List.of(), unhandled.seen);
    }
    int limit = StreamOptions.DEFAULT_READ_LIMIT;
    System.out.printf("BackpressureAndLimitsTest: 1 MiB line: LimitOverrunException with consumed %,d (limit %,d), "
        + "%,d B buffered then; afterwards readExactly gave the %,d 'x' and readLine the next line (%d B)%n", r[0],
        limit, r[1], r[2], r[3]);
    assertTrue(r[0] > limit, "readLine overran, consumed past the limit: " + r[0]);
    assertTrue(r[1] >= r[0], "nothing consumed by the overrun");
    assertEquals(1 << 20, r[2], "the megabyte read whole after the overrun");
    assertEquals(1, r[4], "then the next line");
  }
}
