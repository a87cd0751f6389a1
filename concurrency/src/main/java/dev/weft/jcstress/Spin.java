package dev.weft.jcstress;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Busy waits for the jcstress actors: waiting for the other actor to reach a point (so that two actors of unequal
 * length race around the same instant, whatever jcstress's stride alignment), and a random delay that spreads one
 * actor's action over the other's critical section.
 *
 * <p>Threads: any; nothing shared.
 */
final class Spin {

  /**
   * How long a wait may take before the awaited event counts as lost. Generous (a liveness bound, never a timing
   * assertion): a correct runtime meets it in microseconds; a lost wake-up never does.
   */
  static final long LOST_AFTER_NANOS = 10_000_000_000L;

  private Spin() {
  }

  /**
   * Spins until {@code ready} is true.
   *
   * @param ready the condition; read repeatedly
   * @return true once it held; false after {@link #LOST_AFTER_NANOS}
   */
  static boolean until(final BooleanSupplier ready) {
    long deadline = System.nanoTime() + LOST_AFTER_NANOS;
    for (int i = 1; !ready.getAsBoolean(); i++) {
      Thread.onSpinWait();
      if ((i & 1023) == 0 && System.nanoTime() - deadline > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Spins for a random number of {@code onSpinWait} pauses, up to {@code max} (a few microseconds at most).
   *
   * @param max the most pauses
   */
  static void jitter(final int max) {
    for (int i = ThreadLocalRandom.current().nextInt(max + 1); i > 0; i--) {
      Thread.onSpinWait();
    }
  }
}
