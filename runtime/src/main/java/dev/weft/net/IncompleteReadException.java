package dev.weft.net;

/**
 * The stream ended before a read got what it asked for: {@link StreamReader#readExactly} at EOF before {@code n}
 * bytes, or {@link StreamReader#readUntil} at EOF before the separator (asyncio's {@code IncompleteReadError}). The
 * bytes that did arrive are consumed from the stream and carried here.
 *
 * <pre>{@code
 * try {
 *   byte[] header = await(reader.readExactly(16));
 * } catch (IncompleteReadException e) {
 *   log("short header: " + e.partial().length + " of " + e.expected());
 * }
 * }</pre>
 *
 * <p>Threads: immutable; any thread. Nulls: {@link #partial()} is never null (possibly empty).
 */
public final class IncompleteReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The bytes read before EOF. */
  private final byte[] partial;
  /** How many bytes the read wanted, or -1 when it waited for a separator. */
  private final int expected;

  /**
   * An incomplete read.
   *
   * @param partial the bytes that arrived before EOF; not null; kept, not copied
   * @param expected how many bytes were expected, or -1 for a read up to a separator
   */
  public IncompleteReadException(final byte[] partial, final int expected) {
    super(partial.length + " bytes read before EOF; expected "
        + (expected < 0 ? "a separator" : expected + " bytes"));
    this.partial = partial;
    this.expected = expected;
  }

  /** @return the bytes read before EOF (possibly empty); the array itself, not a copy */
  public byte[] partial() {
    return partial;
  }

  /** @return how many bytes the read wanted, or -1 when it waited for a separator */
  public int expected() {
    return expected;
  }
}
