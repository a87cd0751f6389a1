package dev.weft;

/**
 * Raised at the suspension point of a task whose {@link Task#cancel()} was called (asyncio's
 * {@code CancelledError}).
 *
 * <pre>{@code
 * try {
 *   await(sleep(Duration.ofSeconds(10)));
 * } finally {
 *   close(resource);          // runs when the task is cancelled during the sleep
 * }
 * }</pre>
 *
 * <p>It extends {@link Error}, as {@code ThreadDeath} does, so that {@code catch (Exception e)} cannot swallow
 * a cancellation by accident. It is cheap: no stack trace is filled in unless the system property
 * {@code dev.weft.debug} is {@code true} (suppressed exceptions still work: async stack traces use them).
 * A body that catches it and returns normally completes normally; a body that lets it escape ends cancelled.
 * Any thread may create and throw one.
 */
public class CancelledException extends Error {

  private static final long serialVersionUID = 1L;

  /** Read once: whether cancellations record where they were raised (costs a stack walk each). */
  private static final boolean DEBUG = Boolean.getBoolean("dev.weft.debug");

  /** A cancellation without a message. */
  public CancelledException() {
    this(null);
  }

  /**
   * A cancellation with a message.
   *
   * @param message the detail message; may be null
   */
  public CancelledException(final String message) {
    super(message, null, true, DEBUG);
  }
}
