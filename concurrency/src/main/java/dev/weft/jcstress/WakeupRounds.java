package dev.weft.jcstress;

/**
 * The shape of the lost-wake-up tests (jcstress {@code Mode.Termination}): the actor runs an event loop; the signal
 * thread hands it work {@value #ROUNDS} times, each time waiting until the loop has done it, then after a random
 * pause hands it the next piece. Each hand-off races with the loop on its way back to sleep (the queue re-check, the
 * wake-up flag, {@code Selector.select}), at a different point each time. The last hand-off ends the loop.
 *
 * <p>A lost wake-up leaves the loop asleep with work queued: the signal stops waiting after
 * {@link Spin#LOST_AFTER_NANOS}, returns without ending the loop, and jcstress reports the actor {@code STALE}.
 */
abstract class WakeupRounds {

  /** Hand-offs per jcstress sample. */
  static final int ROUNDS = 100;

  /** Pauses of random length between hand-offs: up to this many {@code onSpinWait}s (about 0-5 us). */
  static final int JITTER = 128;

  /** The last round the loop has done; written by the loop thread, read by the signal. */
  volatile int processed;

  /**
   * Waits until the loop has done {@code round}.
   *
   * @param round the round
   * @return false if it was lost (see the class comment)
   */
  final boolean awaitProcessed(final int round) {
    return Spin.until(() -> processed >= round);
  }
}
