package dev.weft.internal;

/**
 * Rethrows any exception, checked ones included, without wrapping: an awaiter must see the very object that the
 * awaited task failed with. Usage: {@code throw Sneaky.raise(t);} (the {@code throw} keeps javac's flow analysis
 * happy; {@code raise} never returns).
 */
final class Sneaky {

  private Sneaky() {
    throw new AssertionError();
  }

  /** Throws {@code t} as is. Declared to return an exception only so that callers can write {@code throw}. */
  static RuntimeException raise(final Throwable t) {
    throw Sneaky.<RuntimeException>cast(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E cast(final Throwable t) throws E {
    throw (E) t;
  }
}
