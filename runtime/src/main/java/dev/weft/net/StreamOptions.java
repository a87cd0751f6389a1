package dev.weft.net;

/**
 * Buffer limits of a connection's streams: the reader's limit (asyncio's {@code limit}), and the writer's high- and
 * low-water marks (asyncio's {@code set_write_buffer_limits}). Immutable: each {@code with...} returns a new
 * instance.
 *
 * <pre>{@code
 * StreamOptions small = StreamOptions.defaults().withReadLimit(1024).withWriteBufferLimits(8192, 2048);
 * TcpConnection c = await(Tcp.openConnection("127.0.0.1", port, small));
 * }</pre>
 *
 * <p>Threads: immutable; any thread.
 */
public final class StreamOptions {

  /** Default reader limit: 64 KiB. */
  public static final int DEFAULT_READ_LIMIT = 64 * 1024;
  /** Default high-water mark of the outgoing buffer: 64 KiB. */
  public static final int DEFAULT_HIGH_WATER = 64 * 1024;
  /** Default low-water mark of the outgoing buffer: a quarter of the high-water mark, as asyncio. */
  public static final int DEFAULT_LOW_WATER = DEFAULT_HIGH_WATER / 4;

  private static final StreamOptions DEFAULTS =
      new StreamOptions(DEFAULT_READ_LIMIT, DEFAULT_HIGH_WATER, DEFAULT_LOW_WATER);

  private final int readLimit;
  private final int highWater;
  private final int lowWater;

  private StreamOptions(final int readLimit, final int highWater, final int lowWater) {
    this.readLimit = readLimit;
    this.highWater = highWater;
    this.lowWater = lowWater;
  }

  /** @return the defaults: 64 KiB read limit, 64 KiB high-water and 16 KiB low-water marks */
  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the reader's limit: the longest line or chunk {@code readLine}/{@code readUntil} accept; reading from the
   * socket pauses while more than twice this much is buffered and nobody waits for data.
   *
   * @param bytes the limit
   * @return new options
   * @throws IllegalArgumentException if {@code bytes < 1}
   */
  public StreamOptions withReadLimit(final int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("readLimit: " + bytes + " (expected: >= 1)");
    }
    return new StreamOptions(bytes, highWater, lowWater);
  }

  /**
   * Sets the writer's water marks: {@code drain()} suspends once more than {@code highWater} bytes are buffered,
   * until the buffer is down to {@code lowWater}.
   *
   * @param highWater the high-water mark
   * @param lowWater the low-water mark
   * @return new options
   * @throws IllegalArgumentException unless {@code 0 <= lowWater <= highWater}
   */
  public StreamOptions withWriteBufferLimits(final int highWater, final int lowWater) {
    if (lowWater < 0 || highWater < lowWater) {
      throw new IllegalArgumentException("write buffer limits: high " + highWater + ", low " + lowWater
          + " (expected: 0 <= low <= high)");
    }
    return new StreamOptions(readLimit, highWater, lowWater);
  }

  /** @return the reader's limit in bytes */
  public int readLimit() {
    return readLimit;
  }

  /** @return the writer's high-water mark in bytes */
  public int highWater() {
    return highWater;
  }

  /** @return the writer's low-water mark in bytes */
  public int lowWater() {
    return lowWater;
  }

  @Override
  public String toString() {
    return "StreamOptions[readLimit=" + readLimit + ", highWater=" + highWater + ", lowWater=" + lowWater + "]";
  }
}
