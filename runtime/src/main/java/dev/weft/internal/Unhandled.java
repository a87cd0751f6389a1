package dev.weft.internal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where exceptions nobody can receive end up: a failed task that nobody awaited by the time its loop closed, a
 * throwing {@code onDone} callback or loop callback. The handler is replaceable
 * ({@code Weft.setUnhandledExceptionHandler}); the default logs through {@link System.Logger} at WARNING, so any
 * logging framework can route it.
 *
 * <p>Threads: any. The handler is read once per report.
 */
public final class Unhandled {

  private static final System.Logger LOG = System.getLogger("dev.weft");

  /** Logs at WARNING. */
  public static final Consumer<Throwable> DEFAULT =
      t -> LOG.log(System.Logger.Level.WARNING, "Unhandled exception in a Weft task or callback", t);

  private static volatile Consumer<Throwable> handler = DEFAULT;

  private Unhandled() {
    throw new AssertionError();
  }

  /**
   * Replaces the handler.
   *
   * @param h the new handler; null restores the default
   */
  public static void setHandler(final Consumer<Throwable> h) {
    handler = h == null ? DEFAULT : h;
  }

  /**
   * Reports the exception of a failed task that nobody retrieved. The default handler logs it with the task's name
   * ({@code Task 'spawn-3' failed and its exception was never retrieved (the task was garbage-collected)}) and its
   * stack trace, async stack trace included; a replaced handler receives the exception alone.
   *
   * @param taskName the task's name; may be null
   * @param when what made it unretrievable, e.g. "was garbage-collected"
   * @param t the exception; not null
   */
  static void reportUnretrieved(final String taskName, final String when, final Throwable t) {
    Consumer<Throwable> h = handler;
    if (h != DEFAULT) {
      report(t);
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "Task '" + taskName + "' failed and its exception was never retrieved (the "
        + "task " + when + ")", t);
  }

  /**
   * Hands an exception to the handler; a handler that throws is logged, never propagated. When logging fails too
   * (the default handler logs, and a logger can throw: out of file descriptors, its formatter cannot even load the
   * time-zone data), one line goes to standard error and this still returns: the loop calling it must go on.
   *
   * @param t the exception; not null
   */
  public static void report(final Throwable t) {
    Objects.requireNonNull(t, "t");
    try {
      handler.accept(t);
    } catch (Throwable e) {
      try {
        LOG.log(System.Logger.Level.ERROR, "The unhandled-exception handler threw", e);
      } catch (Throwable logging) {
        System.err.println("[weft] unhandled exception " + t + " (reporting it failed: " + e + ")");
      }
    }
  }
}
