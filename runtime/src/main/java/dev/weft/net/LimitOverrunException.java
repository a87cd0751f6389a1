package dev.weft.net;

/**
 * {@link StreamReader#readLine} or {@link StreamReader#readUntil} would need more than the reader's limit of
 * buffered bytes (asyncio's {@code LimitOverrunError}). Nothing is consumed: the bytes stay in the reader, the
 * connection stays usable, and {@link #consumed()} says how many bytes to take (for instance with
 * {@code readExactly(e.consumed())}) to get past them.
 *
 * <pre>{@code
 * try {
 *   line = await(reader.readLine());
 * } catch (LimitOverrunException e) {
 *   await(reader.readExactly(e.consumed()));   // skip the over-long chunk, then go on reading lines
 * }
 * }</pre>
 *
 * <p>Threads: immutable; any thread.
 */
public final class LimitOverrunException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Bytes to consume: up to the separator when found beyond the limit, else the bytes searched without it. */
  private final int consumed;

  /**
   * A limit overrun.
   *
   * @param message what happened, with the limit
   * @param consumed the number of bytes to consume to get past the over-long chunk (see {@link #consumed()})
   */
  public LimitOverrunException(final String message, final int consumed) {
    super(message + " (consumed: " + consumed + ")");
    this.consumed = consumed;
  }

  /**
   * As asyncio's {@code consumed}: when the separator was found beyond the limit, its offset (the length of the
   * chunk before it); when it was not found, the number of bytes searched without finding it. Those bytes are still
   * in the reader.
   *
   * @return the number of bytes to consume
   */
  public int consumed() {
    return consumed;
  }
}
