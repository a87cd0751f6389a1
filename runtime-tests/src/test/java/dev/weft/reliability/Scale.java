package dev.weft.reliability;

/**
 * The one switch between the short forms of the reliability harnesses (run by {@code mvn verify}) and their long
 * forms: {@code -Dweft.long=true} (see {@code docs/reliability.md}). Counts and durations are chosen per harness.
 */
final class Scale {

  /** True for the long (nightly) form. */
  static final boolean LONG = Boolean.getBoolean("weft.long");

  private Scale() {
  }

  /** @return {@code shortForm} normally, {@code longForm} under {@code -Dweft.long=true} */
  static int pick(final int shortForm, final int longForm) {
    return LONG ? longForm : shortForm;
  }

  /** Heap in use after a full collection (a few attempts, so that the figure settles), in bytes. */
  static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(20); // lets reference processing finish; not an ordering device
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** @return bytes as mebibytes with one decimal */
  static String mib(final long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
