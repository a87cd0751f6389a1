package dev.weft.loop;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told. */
final class ManualClock implements Clock {

  private final AtomicLong now = new AtomicLong(1_000);

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(final long nanos) {
    now.addAndGet(nanos);
  }
}
