package dev.weft.net;

import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures how late a loop runs its timers under load: a timer re-armed every {@code period} records, each time it
 * fires, how long after its deadline that was (the loop's {@link EventLoop#time()}). A loop busy in I/O handlers or
 * long callbacks fires it late; an idle one within about a millisecond (the selector's timeout granularity).
 *
 * <pre>{@code
 * LoopLagProbe lag = LoopLagProbe.start(EventLoop.current(), Duration.ofMillis(10));
 * ... load ...
 * lag.stop();
 * System.out.println(lag.summary());   // "p50 0.3 ms, p99 4.1 ms, max 12.0 ms (1,980 samples)"
 * }</pre>
 *
 * <p>Fixed delay, not fixed rate: the next deadline is one period after the firing, so a long stall gives one late
 * sample, not a burst of catch-up firings. Threads: {@link #start} and {@link #stop} on the loop thread; the figures
 * from any thread once stopped (the test reads them after the loop's thread has ended).
 */
final class LoopLagProbe {

  private final EventLoop loop;
  private final long periodNanos;
  private long[] lateNanos = new long[1024];
  private int samples;
  private TimerHandle next;
  private boolean stopped;

  private LoopLagProbe(final EventLoop loop, final Duration period) {
    this.loop = loop;
    this.periodNanos = period.toNanos();
  }

  /** Starts probing {@code loop}, the calling thread's. */
  static LoopLagProbe start(final EventLoop loop, final Duration period) {
    LoopLagProbe p = new LoopLagProbe(loop, period);
    p.arm();
    return p;
  }

  private void arm() {
    long deadline = loop.time() + periodNanos;
    next = loop.callAt(deadline, () -> fired(deadline));
  }

  private void fired(final long deadline) {
    if (stopped) {
      return;
    }
    if (samples == lateNanos.length) {
      lateNanos = Arrays.copyOf(lateNanos, samples * 2);
    }
    lateNanos[samples++] = Math.max(0, loop.time() - deadline);
    arm();
  }

  /** Stops probing; the figures are final afterwards. */
  void stop() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
  }

  /** @return the number of firings recorded */
  int samples() {
    return samples;
  }

  /**
   * The lateness at a percentile (nearest rank).
   *
   * @param p 0 to 100
   * @return nanoseconds; 0 without samples
   */
  long percentileNanos(final double p) {
    if (samples == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(lateNanos, samples);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * samples);
    return sorted[Math.min(samples - 1, Math.max(0, rank - 1))];
  }

  /** @return the largest lateness recorded, in nanoseconds */
  long maxNanos() {
    return percentileNanos(100);
  }

  /** @return "p50 x ms, p99 y ms, max z ms (n samples, period m ms)" */
  String summary() {
    return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples, period %d ms)",
        percentileNanos(50) / 1e6, percentileNanos(99) / 1e6, maxNanos() / 1e6, samples, periodNanos / 1_000_000);
  }
}
