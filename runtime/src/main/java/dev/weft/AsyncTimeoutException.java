package dev.weft;

/**
 * A timeout scope or {@code waitFor} expired. Unchecked, unlike the JDK's {@code TimeoutException}, so that it
 * crosses {@code await} like any other failure.
 *
 * <pre>{@code
 * try {
 *   await(waitFor(fetch(url), Duration.ofSeconds(2)));
 * } catch (AsyncTimeoutException e) {
 *   useCachedCopy();
 * }
 * }</pre>
 *
 * <p>Any thread may create and throw one; the message may be null.
 */
public class AsyncTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A timeout without a message. */
  public AsyncTimeoutException() {
    super();
  }

  /**
   * A timeout with a message.
   *
   * @param message the detail message, e.g. what timed out after how long; may be null
   */
  public AsyncTimeoutException(final String message) {
    super(message);
  }
}
