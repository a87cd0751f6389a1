package dev.weft;

import dev.weft.internal.Stats;

/**
 * Debug statistics of the runtime. Tests use them to prove that an {@code await} really suspended (the
 * transformation happened and the awaited value was not yet complete) rather than taking the no-allocation
 * fast path.
 *
 * <pre>{@code
 * WeftStats.reset();
 * run(Hello::main0);
 * assertEquals(3, WeftStats.suspensions());
 * }</pre>
 *
 * <p>Safe from any thread. The counters are global to the JVM (all loops, all threads): each loop counts in a field
 * of its own (no atomic operation per suspension), calls without a loop in a shared striped counter, and a read sums
 * them, so a read while other threads suspend is a moment's approximation.
 */
public final class WeftStats {

  private WeftStats() {
    throw new AssertionError();
  }

  /**
   * The number of real suspensions of {@code @Async} methods since the JVM started or the last {@link #reset()}.
   *
   * @return the count, never negative
   */
  public static long suspensions() {
    return Stats.suspensions();
  }

  /** Sets every counter back to zero. */
  public static void reset() {
    Stats.reset();
  }
}
