package dev.weft.loop;

/**
 * The loop's source of monotonic time, in nanoseconds, injectable so that tests can drive timers by hand.
 *
 * <pre>{@code
 * EventLoop loop = new EventLoop(Clock.SYSTEM);
 * }</pre>
 *
 * <p>Only differences between readings mean anything (as with {@link System#nanoTime()}); readings must never
 * go backwards. Threads: read on the loop thread only.
 */
@FunctionalInterface
public interface Clock {

  /** {@link System#nanoTime()}. */
  Clock SYSTEM = System::nanoTime;

  /**
   * The current time.
   *
   * @return nanoseconds from an arbitrary origin
   */
  long nanoTime();
}
