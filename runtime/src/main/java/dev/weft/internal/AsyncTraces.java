package dev.weft.internal;

import dev.weft.AsyncStackTrace;
import dev.weft.CancelledException;

/**
 * Records async stack traces ({@link AsyncStackTrace}) when a failure reaches a suspended coroutine. Only the
 * failure path of {@code Coroutine.resumeValue()} calls it.
 *
 * <p>Threads: the resuming coroutine's.
 */
final class AsyncTraces {

  /** Read once: {@code -Ddev.weft.asyncStackTraces=false} turns async stack traces off. */
  static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("dev.weft.asyncStackTraces", "true"));

  private AsyncTraces() {
    throw new AssertionError();
  }

  /**
   * Adds the coroutine's current await to the failure's chain.
   *
   * @param failure the original exception about to be rethrown at the await; not null
   * @param awaiting the coroutine it reaches
   */
  static void record(final Throwable failure, final Coroutine awaiting) {
    if (!ENABLED || failure instanceof CancelledException) {
      return;
    }
    StackTraceElement site = awaiting.site();
    if (site != null) {
      AsyncStackTrace.appendTo(failure, site);
    }
  }
}
