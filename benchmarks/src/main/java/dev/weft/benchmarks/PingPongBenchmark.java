package dev.weft.benchmarks;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.spawn;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ping-pong: two tasks on one thread pass a token back and forth through one-slot queues ({@code ping} one way,
 * {@code pong} the other); nanoseconds per round trip.
 *
 * <ul>
 *   <li>{@code pingPong_weft}: two {@code @Async} tasks on one loop, {@code new AsyncQueue<>(1)} each way.
 *   <li>{@code pingPong_cf}: two CompletableFuture chains on a single-thread executor, through a one-slot
 *       queue of futures ({@link CfSlot}); every continuation is an {@code ...Async(fn, executor)} hop.
 *   <li>{@code pingPong_vthread}: two virtual threads, {@code ArrayBlockingQueue(1)} each way (the suite runs
 *       this one on JDK 25 with one carrier thread).
 * </ul>
 *
 * <p>Each invocation is a whole run of {@link #ROUNDS} round trips, loop start and close included (amortised).
 * {@link #main} runs the Weft contender alone, for a profiler. Thread rule: JMH's benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PingPongBenchmark {

  /** Round trips per invocation. */
  static final int ROUNDS = 100_000;

  private static final Integer TOKEN = 1;

  private ExecutorService executor;

  /** Starts the CF contender's executor and checks every contender on a short run. */
  @Setup(Level.Trial)
  public void setup() {
    executor = Executors.newSingleThreadExecutor();
    check(runWeft(100), "weft");
    check(new CfPingPong(executor, 100).run(), "cf");
    if (Runtime.version().feature() >= 21) {
      check(runVirtual(100), "vthread");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    executor.shutdownNow();
  }

  private static void check(final int got, final String contender) {
    if (got != 100) {
      throw new IllegalStateException(contender + ": " + got + " round trips (expected: 100)");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void pingPong_weft(final Blackhole bh) {
    bh.consume(runWeft(ROUNDS));
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void pingPong_cf(final Blackhole bh) {
    bh.consume(new CfPingPong(executor, ROUNDS).run());
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public void pingPong_vthread(final Blackhole bh) {
    bh.consume(runVirtual(ROUNDS));
  }

  // ---- Weft ------------------------------------------------------------------------------------------------

  static int runWeft(final int rounds) {
    return Weft.run(() -> pinger(rounds));
  }

  @Async
  static Task<Integer> pinger(final int rounds) {
    AsyncQueue<Integer> ping = new AsyncQueue<>(1);
    AsyncQueue<Integer> pong = new AsyncQueue<>(1);
    Task<Integer> ponger = spawn(() -> ponger(ping, pong, rounds));
    int count = 0;
    for (int i = 0; i < rounds; i++) {
      await(ping.put(TOKEN));
      count += await(pong.get());
    }
    await(ponger);
    return done(count);
  }

  @Async
  static Task<Integer> ponger(final AsyncQueue<Integer> ping, final AsyncQueue<Integer> pong, final int rounds) {
    for (int i = 0; i < rounds; i++) {
      Integer token = await(ping.get());
      await(pong.put(token));
    }
    return done(rounds);
  }

  // ---- virtual threads -------------------------------------------------------------------------------------

  static int runVirtual(final int rounds) {
    ArrayBlockingQueue<Integer> ping = new ArrayBlockingQueue<>(1);
    ArrayBlockingQueue<Integer> pong = new ArrayBlockingQueue<>(1);
    int[] count = new int[1];
    Thread b = VirtualThreads.start(() -> {
      try {
        for (int i = 0; i < rounds; i++) {
          pong.put(ping.take());
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread a = VirtualThreads.start(() -> {
      try {
        for (int i = 0; i < rounds; i++) {
          ping.put(TOKEN);
          count[0] += pong.take();
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    VirtualThreads.join(a);
    VirtualThreads.join(b);
    return count[0];
  }

  // ---- CompletableFuture -----------------------------------------------------------------------------------

  /**
   * A one-slot queue of futures, used on its executor's thread only: {@code put} completes at once when the slot
   * is free (or a getter waits), {@code get} at once when an item is there.
   */
  static final class CfSlot<T> {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private T item;
    private boolean full;
    private CompletableFuture<T> getter;
    private T pendingItem;
    private CompletableFuture<Void> putter;

    CompletableFuture<Void> put(final T x) {
      if (getter != null) {
        CompletableFuture<T> g = getter;
        getter = null;
        g.complete(x);
        return DONE;
      }
      if (!full) {
        item = x;
        full = true;
        return DONE;
      }
      pendingItem = x;
      putter = new CompletableFuture<>();
      return putter;
    }

    CompletableFuture<T> get() {
      if (!full) {
        getter = new CompletableFuture<>();
        return getter;
      }
      T x = item;
      if (putter != null) {
        item = pendingItem;
        pendingItem = null;
        CompletableFuture<Void> p = putter;
        putter = null;
        p.complete(null);
      } else {
        item = null;
        full = false;
      }
      return CompletableFuture.completedFuture(x);
    }
  }

  /** The two CF "tasks": each step is a continuation submitted to the single-thread executor. */
  static final class CfPingPong {
    private final ExecutorService ex;
    private final int rounds;
    private final CfSlot<Integer> ping = new CfSlot<>();
    private final CfSlot<Integer> pong = new CfSlot<>();
    private final CompletableFuture<Integer> pingDone = new CompletableFuture<>();
    private final CompletableFuture<Void> pongDone = new CompletableFuture<>();
    private int pinged;
    private int ponged;
    private int count;

    CfPingPong(final ExecutorService ex, final int rounds) {
      this.ex = ex;
      this.rounds = rounds;
    }

    int run() {
      ex.execute(() -> {
        pingStep();
        pongStep();
      });
      pongDone.join();
      return pingDone.join();
    }

    private void pingStep() {
      if (pinged == rounds) {
        pingDone.complete(count);
        return;
      }
      ping.put(TOKEN)
          .thenComposeAsync(v -> pong.get(), ex)
          .thenAcceptAsync(t -> {
            count += t;
            pinged++;
            pingStep();
          }, ex);
    }

    private void pongStep() {
      if (ponged == rounds) {
        pongDone.complete(null);
        return;
      }
      ping.get()
          .thenComposeAsync(pong::put, ex)
          .thenRunAsync(() -> {
            ponged++;
            pongStep();
          }, ex);
    }
  }

  /** Runs the Weft contender for {@code args[0]} seconds (default 5): a target for a sampling profiler. */
  public static void main(final String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long rounds = 0;
    while (System.nanoTime() < end) {
      rounds += runWeft(ROUNDS);
    }
    System.err.println("ping-pong (profiled): " + rounds + " round trips in " + seconds + " s");
  }
}
