package dev.weft.loop;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.FaultySelectors.Fault;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import dev.weft.net.Tcp;
import dev.weft.net.TcpConnection;
import dev.weft.net.TcpServer;
import dev.weft.testing.AsyncTestBase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TEST-PLAN #25, the selector part: the loop survives a selector that misbehaves ({@link FaultySelectors} injects
 * the faults a real JDK cannot produce on demand). A selector whose blocking selects return early with nothing, over
 * and over (the JDK epoll bug), is rebuilt after {@value LoopSelector#REBUILD_AFTER} such returns with every key kept
 * (same interest, same attachment, streams and servers working on), one log line, and the loop idle again; a
 * throwing select is logged once and the selector rebuilt; a selector that keeps failing makes the loop back off
 * instead of spinning. The CPU share of the loop thread over an idle stretch afterwards is printed, and asserted
 * generously (under 50 %; a spinning loop takes about 100 %), or at TEST-PLAN's 5 % with {@code -Dweft.long=true}.
 * The accept part (out of descriptors) is {@link AcceptOutOfDescriptorsTest}.
 */
class SelectorFaultsTest extends AsyncTestBase {

  private static final long LIVENESS_SECONDS = 15;
  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final long IDLE_MILLIS = LONG ? 3_000 : 1_000;
  private static final double MAX_IDLE_CPU = LONG ? 0.05 : 0.5;

  private final LoopLog log = new LoopLog();
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
  private FaultySelectors selectors;
  private EventLoop loop;
  private Thread loopThread;

  @BeforeEach
  void start() throws IOException {
    selectors = new FaultySelectors();
    loop = new EventLoop(Clock.SYSTEM, selectors);
    loopThread = new Thread(() -> {
      loop.runForever();
      loop.close();
    }, "weft-loop");
    loopThread.start();
  }

  @AfterEach
  void stop() throws Exception {
    loop.stop();
    loopThread.join(TimeUnit.SECONDS.toMillis(LIVENESS_SECONDS));
    log.close();
    for (Pipe p : pipes) {
      p.sink().close();
      p.source().close();
    }
    assertTrue(loop.isClosed(), "the loop closed once stopped");
  }

  // ---- early returns --------------------------------------------------------------------------------------

  @Test
  void aSelectorReturningEarlyOverAndOverIsRebuiltWithEveryKey() throws Exception {
    PipeWatch reading = watch(SelectionKey.OP_READ);
    PipeWatch parked = watch(0);
    SelectionKey readingBefore = reading.key;
    SelectionKey parkedBefore = parked.key;

    breakSelector(Fault.SPIN);
    waitFor(() -> selectors.rebuilds == 1, "a rebuild");

    assertEquals(LoopSelector.REBUILD_AFTER, selectors.faultySelects.get(), "rebuilt after exactly 512 early returns");
    assertEquals(2, (int) onLoop(loop::keyCount), "both keys moved");
    assertMoved(reading, readingBefore, SelectionKey.OP_READ);
    assertMoved(parked, parkedBefore, 0);
    reading.pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
    assertEquals((byte) 42, reading.received.poll(LIVENESS_SECONDS, TimeUnit.SECONDS), "I/O goes on after it");
    double cpu = idleCpu("a rebuild after 512 early returns");
    assertEquals(1, selectors.rebuilds, "one rebuild");
    assertEquals(LoopSelector.REBUILD_AFTER, selectors.faultySelects.get(), "the broken selector is not used again");
    assertEquals(List.of("returned early"), log.warnings(), "one log line");
    assertTrue(cpu < MAX_IDLE_CPU, "the loop is idle again: " + percent(cpu));
  }

  @Test
  void streamsAndServersWorkOnAcrossARebuild() throws Exception {
    byte[] payload = new byte[4 << 20]; // several socket buffers: the echo needs OP_WRITE on the new keys
    new Random(25).nextBytes(payload);

    byte[] echoed = loop.submit(() -> echoAcrossRebuild(payload)).get(LIVENESS_SECONDS, TimeUnit.SECONDS);

    assertArrayEquals(payload, echoed);
    assertEquals(1, selectors.rebuilds);
    assertEquals(List.of("returned early"), log.warnings());
    assertEquals(0, (int) onLoop(loop::keyCount), "nothing left registered");
  }

  @Async
  private Task<byte[]> echoAcrossRebuild(final byte[] payload) {
    TcpServer server = await(Tcp.startServer("127.0.0.1", 0, SelectorFaultsTest::echo));
    TcpConnection before = await(Tcp.openConnection("127.0.0.1", server.port()));
    before.writer().write("one\n".getBytes(UTF_8));
    assertEquals("one\n", new String(await(before.reader().readLine()), UTF_8));
    selectors.breakNext(Fault.SPIN); // the next select's selector goes bad: idle turns rebuild it
    while (selectors.rebuilds == 0) {
      await(sleep(10));
    }
    Task<Void> sending = Weft.spawn(() -> send(before.writer(), payload));
    byte[] echoed = await(before.reader().readExactly(payload.length));
    await(sending);
    TcpConnection after = await(Tcp.openConnection("127.0.0.1", server.port())); // the listening key moved too
    after.writer().write("two\n".getBytes(UTF_8));
    assertEquals("two\n", new String(await(after.reader().readLine()), UTF_8));
    before.close();
    after.close();
    server.close();
    await(server.closed());
    await(before.closed());
    await(after.closed());
    return done(echoed);
  }

  @Async
  private static Task<Void> send(final StreamWriter out, final byte[] payload) {
    for (int i = 0; i < payload.length; i += 64 * 1024) {
      out.write(payload, i, Math.min(64 * 1024, payload.length - i));
      await(out.drain());
    }
    return done();
  }

  @Async
  private static Task<Void> echo(final StreamReader in, final StreamWriter out) {
    for (;;) {
      byte[] b = await(in.read(64 * 1024));
      if (b.length == 0) {
        return done();
      }
      out.write(b);
      await(out.drain());
    }
  }

  @Test
  void anInterruptedLoopThreadNeitherSpinsNorIsTakenForTheSelectorBug() throws Exception {
    // Every select of an interrupted thread returns at once, and a new selector would not help: the loop holds the
    // interrupt (given back at close, see EventLoopTest) and waits in select as usual.
    long before = selectors.selects.get();
    loop.execute(() -> Thread.currentThread().interrupt());
    Thread.sleep(300);
    long seen = selectors.selects.get() - before;

    assertTrue(seen < LoopSelector.REBUILD_AFTER / 4, "selects in 300 ms idle after the interrupt: " + seen);
    assertFalse(onLoop(() -> Thread.currentThread().isInterrupted()), "held while the loop runs");
    assertEquals(0, selectors.rebuilds);
    assertEquals(List.of(), log.warnings());
  }

  // ---- failures -------------------------------------------------------------------------------------------

  @Test
  void aThrowingSelectIsLoggedOnceAndTheSelectorRebuilt() throws Exception {
    PipeWatch reading = watch(SelectionKey.OP_READ);
    SelectionKey readingBefore = reading.key;

    breakSelector(Fault.THROW);
    waitFor(() -> selectors.rebuilds == 1, "a rebuild");

    assertMoved(reading, readingBefore, SelectionKey.OP_READ);
    reading.pipe.sink().write(ByteBuffer.wrap(new byte[] {7}));
    assertEquals((byte) 7, reading.received.poll(LIVENESS_SECONDS, TimeUnit.SECONDS));
    double cpu = idleCpu("a throwing select");
    assertEquals(1, selectors.faultySelects.get(), "the failing selector was tried once");
    assertEquals(List.of("select failed"), log.warnings());
    assertTrue(log.records.get(0).getThrown() instanceof IOException);
    assertTrue(cpu < MAX_IDLE_CPU, percent(cpu));
  }

  @Test
  void aSelectorClosedUnderTheLoopIsReplacedAndTheLoopGoesOn() throws Exception {
    PipeWatch lost = watch(SelectionKey.OP_READ);

    breakSelector(Fault.CLOSE);
    waitFor(() -> selectors.rebuilds == 1, "a rebuild");

    assertTrue(log.records.get(0).getThrown() instanceof ClosedSelectorException);
    assertEquals(0, (int) onLoop(loop::keyCount), "a closed selector's registrations are gone: none to move");
    assertTrue(lost.rekeyed.isEmpty());
    loop.submit(() -> sleep(10)).get(LIVENESS_SECONDS, TimeUnit.SECONDS); // timers work
    PipeWatch fresh = watch(SelectionKey.OP_READ); // registrations work
    fresh.pipe.sink().write(ByteBuffer.wrap(new byte[] {9}));
    assertEquals((byte) 9, fresh.received.poll(LIVENESS_SECONDS, TimeUnit.SECONDS));
    double cpu = idleCpu("a selector closed under the loop");
    assertEquals(List.of("select failed"), log.warnings());
    assertTrue(cpu < MAX_IDLE_CPU, percent(cpu));
  }

  @Test
  void aSelectorThatKeepsFailingMakesTheLoopBackOffNotSpin() throws Exception {
    selectors.failEverything(true); // every select throws and no new selector opens
    loop.execute(() -> { });
    waitFor(() -> log.warnings().size() == 2, "the failure and the back-off logged");

    long attemptsBefore = selectors.faultySelects.get();
    long cpuBefore = cpuNanos();
    Thread.sleep(IDLE_MILLIS); // a stretch of back-off; what it costs is measured, not its length
    long attempts = selectors.faultySelects.get() - attemptsBefore;
    double cpu = (cpuNanos() - cpuBefore) / (IDLE_MILLIS * 1e6);
    long served = System.nanoTime();
    loop.submit(() -> sleep(5)).get(LIVENESS_SECONDS, TimeUnit.SECONDS); // a wake-up ends a back-off; timers fire
    served = System.nanoTime() - served;
    System.out.printf("SelectorFaultsTest: a selector that keeps failing: %d attempts and %s CPU over %d ms of"
        + " back-off; a submission served in %.1f ms%n", attempts, percent(cpu), IDLE_MILLIS, served / 1e6);

    selectors.failEverything(false);
    waitFor(() -> log.count("works again") == 1, "the recovery logged");
    PipeWatch reading = watch(SelectionKey.OP_READ);
    reading.pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    assertEquals((byte) 1, reading.received.poll(LIVENESS_SECONDS, TimeUnit.SECONDS));
    assertTrue(attempts <= 2 + IDLE_MILLIS / 10, "backed off, not spinning: " + attempts + " attempts");
    assertTrue(cpu < MAX_IDLE_CPU, percent(cpu));
    assertEquals(List.of("select failed", "keeps failing"), log.warnings(), "two lines for the whole run");
    assertEquals(0, selectors.rebuilds, "no selector could be opened");
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** The next select's selector goes bad; an empty callback wakes the loop so that it selects again. */
  private void breakSelector(final Fault f) {
    selectors.breakNext(f);
    loop.execute(() -> { });
  }

  private void assertMoved(final PipeWatch w, final SelectionKey before, final int ops) throws Exception {
    assertFalse(before.isValid(), "the old key is cancelled");
    assertEquals(1, w.rekeyed.size(), "the handler was told once");
    SelectionKey now = w.rekeyed.get(0);
    assertTrue(now.isValid());
    assertNotSame(before.selector(), now.selector());
    assertEquals(ops, (int) onLoop(now::interestOps), "same interest set");
    assertSame(w, now.attachment(), "same attachment");
  }

  /** Registers a new pipe's source with the loop. */
  private PipeWatch watch(final int ops) throws Exception {
    Pipe p = Pipe.open();
    pipes.add(p);
    p.source().configureBlocking(false);
    PipeWatch w = new PipeWatch(p);
    w.key = onLoop(() -> {
      try {
        return loop.register(p.source(), ops, w);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return w;
  }

  /** Runs on the loop thread and returns the result. */
  private <T> T onLoop(final Supplier<T> action) throws Exception {
    return loop.submit(() -> done(action.get())).get(LIVENESS_SECONDS, TimeUnit.SECONDS);
  }

  private static void waitFor(final BooleanSupplier condition, final String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIVENESS_SECONDS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "no " + what + " within " + LIVENESS_SECONDS + " s");
      Thread.sleep(5);
    }
  }

  private long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(loopThread.getId());
  }

  /** The loop thread's CPU share over an idle stretch, printed. */
  private double idleCpu(final String after) throws InterruptedException {
    long before = cpuNanos();
    Thread.sleep(IDLE_MILLIS); // the stretch being measured, not an ordering device
    double share = (cpuNanos() - before) / (IDLE_MILLIS * 1e6);
    System.out.printf("SelectorFaultsTest: loop thread CPU over %d idle ms after %s: %s%n", IDLE_MILLIS, after,
        percent(share));
    return share;
  }

  private static String percent(final double share) {
    return String.format("%.2f %%", share * 100);
  }

  /** A pipe source registered with the loop: what it reads, and the keys the loop hands it on rebuilds. */
  private static final class PipeWatch implements IoHandler {
    final Pipe pipe;
    final BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
    final List<SelectionKey> rekeyed = new CopyOnWriteArrayList<>();
    volatile SelectionKey key;

    PipeWatch(final Pipe pipe) {
      this.pipe = pipe;
    }

    @Override
    public void ready(final SelectionKey k) {
      ByteBuffer b = ByteBuffer.allocate(16);
      try {
        pipe.source().read(b);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      b.flip();
      while (b.hasRemaining()) {
        received.add(b.get());
      }
    }

    @Override
    public void rekeyed(final SelectionKey k) {
      rekeyed.add(k);
      key = k;
    }
  }

  /** The loop's log lines (INFO and up), caught through JUL, where {@code System.Logger} goes by default. */
  private static final class LoopLog extends Handler implements AutoCloseable {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(EventLoop.class.getName());

    LoopLog() {
      jul.addHandler(this);
    }

    /** @return for each WARNING, the first of the known phrases it contains (or its whole text) */
    List<String> warnings() {
      return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(r -> Arrays.stream(new String[] {
          "returned early", "select failed", "keeps failing"}).filter(r.getMessage()::contains).findFirst()
          .orElse(r.getMessage())).toList();
    }

    long count(final String phrase) {
      return records.stream().filter(r -> r.getMessage().contains(phrase)).count();
    }

    @Override
    public void publish(final LogRecord r) {
      if (r.getLevel().intValue() >= Level.INFO.intValue()) {
        records.add(r);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
      jul.removeHandler(this);
    }
  }
}
