package dev.weft.loop;

import dev.weft.Task;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Locale;

/**
 * Debug mode's watch on the loop (asyncio's {@code slow_callback_duration}): when one callback, task resumption,
 * timer or I/O handler holds the loop thread for longer than a threshold, a WARNING goes through
 * {@link System.Logger} ({@code dev.weft.loop.EventLoop}), naming the task when the entry is one:
 * <pre>
 * WARNING: Executing task Coroutine[shop.Cart$$Resumer, state 2, running] took 250.0 ms (threshold 100.0 ms)
 * </pre>
 * Debug mode also makes loop-thread-only methods check their thread (see {@link EventLoop#setDebug}).
 *
 * <p>The time is read from the loop's own {@link Clock}, so a test with a manual clock makes a callback "slow" by
 * advancing the clock inside it. Off (the default), the loop reads one flag per turn and times nothing.
 *
 * <p>Threads: the settings are read and written from any thread (volatile; a loop picks a change up at its next
 * turn); {@link #check} runs on the loop thread.
 */
final class SlowCallbackWatch {

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /** Debug mode: {@code -Ddev.weft.debug=true}, or {@link EventLoop#setDebug}. */
  static volatile boolean enabled = Boolean.getBoolean("dev.weft.debug");

  /** The threshold: {@code -Ddev.weft.slowCallbackMillis=N} (default 100), or {@link EventLoop#setSlowCallbackThreshold}. */
  static volatile long thresholdNanos = Duration.ofMillis(Long.getLong("dev.weft.slowCallbackMillis", 100)).toNanos();

  private SlowCallbackWatch() {
    throw new AssertionError();
  }

  /**
   * Warns if one entry took too long.
   *
   * @param what the entry that ran (a task, a callback, a timer action or a selection key)
   * @param nanos how long it held the loop, on the loop's clock
   */
  static void check(final Object what, final long nanos) {
    long limit = thresholdNanos;
    if (nanos >= limit && LOG.isLoggable(System.Logger.Level.WARNING)) {
      LOG.log(System.Logger.Level.WARNING, "Executing " + describe(what) + " took " + millis(nanos)
          + " ms (threshold " + millis(limit) + " ms)");
    }
  }

  /** Names what ran: a task by its {@code toString} (its name, where tasks have one). */
  static String describe(final Object what) {
    if (what instanceof Task<?>) {
      return "task " + what;
    }
    if (what instanceof SelectionKey k) {
      return "I/O handler " + k.attachment() + " of " + k.channel();
    }
    if (what instanceof SoonCallback) {
      return what.toString();
    }
    return "callback " + what;
  }

  private static String millis(final long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
