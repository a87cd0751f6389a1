package dev.weft.loop;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told. */
final class ManualClock implements Clock {

  private final AtomicLong now;

  ManualClock() {
    this(1_000);
  }

  /** A clock starting at {@code start} (near {@code Long.MAX_VALUE} to test wrap-around). */
  ManualClock(final long start) {
    now = new AtomicLong(start);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(final long nanos) {
    now.addAndGet(nanos);
  }
}
