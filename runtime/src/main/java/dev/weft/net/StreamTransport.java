package dev.weft.net;

import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;

/**
 * The byte pipe behind a {@link StreamReader} and a {@link StreamWriter} (asyncio's transport): it owns the channel
 * and its selection key, feeds incoming bytes to the reader, buffers outgoing bytes and applies the write water
 * marks. {@link SocketTransport} is the plain TCP one; {@link SslTransport} implements this interface over a
 * socket transport, so the reader and writer stay as they are.
 *
 * <p>Threads: loop thread only.
 */
interface StreamTransport {

  /** @return the loop the transport runs on */
  EventLoop loop();

  /** Writes bytes, or buffers what the socket does not take at once; see {@link StreamWriter#write}. */
  void write(byte[] data, int offset, int length);

  /** @return see {@link StreamWriter#drain()} */
  Task<Void> drain();

  /** @return bytes accepted by {@link #write} and not yet handed to the socket */
  long bufferedBytes();

  /** Half-close once the buffer is flushed; see {@link StreamWriter#shutdownOutput()}. */
  void shutdownOutput();

  /** Close once the buffer is flushed; see {@link StreamWriter#close()}. */
  void close();

  /** Close now, dropping the buffer; see {@link StreamWriter#abort()}. */
  void abort();

  /** @return true once {@link #close()} or {@link #abort()} was called, or the connection was lost */
  boolean isClosing();

  /** @return a task completing once the channel is closed and its file descriptor released */
  Task<Void> closed();

  /** @return the peer's address; never null (captured when the connection was made) */
  InetSocketAddress peerAddress();

  /** @return the local address; never null (captured when the connection was made) */
  InetSocketAddress localAddress();

  /** @return the TLS session once the handshake is done; null for plain TCP */
  default SSLSession sslSession() {
    return null;
  }

  /** The reader's buffer is full: stop reading from the channel (backpressure towards the peer). */
  void pauseReading();

  /** The reader wants bytes again. */
  void resumeReading();
}
