package dev.weft.benchmarks;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * completed-await: the cost of awaiting a value that is already there, per await, and of an {@code @Async} call
 * that never suspends. Run with JMH's GC profiler ({@code -prof gc}): the target is zero bytes per await.
 *
 * <ul>
 *   <li>{@code completedAwait_weft}: one {@code @Async} call awaits a done task {@link #AWAITS} times.
 *   <li>{@code completedAwait_cf}: the CompletableFuture way, a chain of {@code thenCombine} with a completed
 *       future (it runs inline: both sides are complete).
 *   <li>{@code completedAwait_join}: what a virtual thread does, {@code join()} of a completed future.
 *   <li>{@code completedCall_weft}: an {@code @Async} call that awaits a done task once and returns
 *       {@code done(1)}: per call, nothing should be allocated but the result;
 *   <li>{@code doneResult_weft}: that result alone, {@code done(1)}, for comparison.
 * </ul>
 *
 * <p>No event loop is needed: nothing suspends. Thread rule: JMH's benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompletedAwaitBenchmark {

  /** Awaits per benchmark invocation. */
  static final int AWAITS = 1000;

  private static final BinaryOperator<Integer> SUM = Integer::sum;

  private Task<Integer> doneTask;
  private int one = 1;
  private CompletableFuture<Integer> doneFuture;

  /** Builds the completed values and checks each contender computes the same sum. */
  @Setup
  public void setup() {
    doneTask = done(1);
    doneFuture = CompletableFuture.completedFuture(1);
    check(awaitLoop(doneTask).result(), "weft");
    check(cfLoop().join(), "cf");
    check(joinLoop(), "join");
    if (call(doneTask).result() != 1) {
      throw new IllegalStateException("completedCall_weft: wrong result");
    }
  }

  private static void check(final int sum, final String contender) {
    if (sum != AWAITS) {
      throw new IllegalStateException(contender + ": sum " + sum + " (expected: " + AWAITS + ")");
    }
  }

  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public void completedAwait_weft(final Blackhole bh) {
    bh.consume(awaitLoop(doneTask));
  }

  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public void completedAwait_cf(final Blackhole bh) {
    bh.consume(cfLoop());
  }

  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public void completedAwait_join(final Blackhole bh) {
    bh.consume(joinLoop());
  }

  @Benchmark
  public void completedCall_weft(final Blackhole bh) {
    bh.consume(call(doneTask));
  }

  @Benchmark
  public void doneResult_weft(final Blackhole bh) {
    bh.consume(done(one));
  }

  /** {@link #AWAITS} awaits of a done task; the sum is boxed once, in the result. */
  @Async
  static Task<Integer> awaitLoop(final Task<Integer> t) {
    int sum = 0;
    for (int i = 0; i < AWAITS; i++) {
      sum += await(t);
    }
    return done(sum);
  }

  /** One await of a done task; returns a cached Integer, so the call allocates only its result task. */
  @Async
  static Task<Integer> call(final Task<Integer> t) {
    int v = await(t);
    return done(v);
  }

  private CompletableFuture<Integer> cfLoop() {
    CompletableFuture<Integer> acc = CompletableFuture.completedFuture(0);
    for (int i = 0; i < AWAITS; i++) {
      acc = acc.thenCombine(doneFuture, SUM);
    }
    return acc;
  }

  private int joinLoop() {
    int sum = 0;
    for (int i = 0; i < AWAITS; i++) {
      sum += doneFuture.join();
    }
    return sum;
  }
}
