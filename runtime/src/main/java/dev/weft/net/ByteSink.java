package dev.weft.net;

import java.nio.ByteBuffer;

/**
 * What a {@link SocketTransport} hands incoming bytes to (asyncio's protocol side of a transport): the connection's
 * {@link StreamReader} for plain TCP, or an {@link SslTransport} that decrypts them first and feeds its own reader.
 *
 * <p>Threads: loop thread only; every method is called inline from the socket's readiness handler and must run no
 * user code (completing a promise only queues its awaiter).
 */
interface ByteSink {

  /**
   * Bytes arrived.
   *
   * @param src the bytes, from position to limit; all consumed before returning (it is the loop's shared buffer)
   */
  void feed(ByteBuffer src);

  /** The peer closed its side (TCP FIN), or the connection was closed here: no more bytes will come. */
  void feedEof();

  /**
   * The connection was lost (reset, broken pipe): nothing more will come, and the socket is being closed.
   *
   * @param e why; not null
   */
  void fail(Throwable e);

  /** Adapts a {@link StreamReader}, whose feeding methods are package-private and must stay off its public face. */
  final class Reader implements ByteSink {
    private final StreamReader reader;

    Reader(final StreamReader reader) {
      this.reader = reader;
    }

    @Override
    public void feed(final ByteBuffer src) {
      reader.feed(src);
    }

    @Override
    public void feedEof() {
      reader.feedEof();
    }

    @Override
    public void fail(final Throwable e) {
      reader.fail(e);
    }
  }
}
