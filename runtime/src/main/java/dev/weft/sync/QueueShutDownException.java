package dev.weft.sync;

/**
 * Raised by an {@link AsyncQueue} that was shut down (Python 3.13's {@code QueueShutDown}): by {@code put} and
 * {@code offer} at once, by {@code get} and {@code poll} once the remaining items are drained (at once after an
 * immediate shutdown), and in every task that was waiting in {@code put} or {@code get} when
 * {@link AsyncQueue#shutdown()} was called.
 *
 * <pre>{@code
 * try {
 *   for (;;) {
 *     handle(await(queue.get()));
 *     queue.taskDone();
 *   }
 * } catch (QueueShutDownException e) {
 *   // the producer called queue.shutdown() and every item was taken: done
 * }
 * }</pre>
 *
 * <p>Threads: any. Nulls: the message is never null.
 */
public class QueueShutDownException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception for an operation on a shut-down queue.
   *
   * @param message which operation failed and why; not null
   */
  public QueueShutDownException(final String message) {
    super(message);
  }
}
