package dev.weft.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's counters behind {@link dev.weft.WeftStats}. A {@link LongAdder}: striped, lock-free, one CAS on an
 * uncontended cell per count. A suspension already allocates and enqueues, so this is noise beside it.
 *
 * <p>Threads: any.
 */
public final class Stats {

  private static final LongAdder SUSPENSIONS = new LongAdder();

  private Stats() {
    throw new AssertionError();
  }

  /** Counts one real suspension of an {@code @Async} method. */
  static void suspended() {
    SUSPENSIONS.increment();
  }

  /** @return real suspensions since start or the last {@link #reset()} */
  public static long suspensions() {
    return SUSPENSIONS.sum();
  }

  /** Zeroes the counters. */
  public static void reset() {
    SUSPENSIONS.reset();
  }
}
