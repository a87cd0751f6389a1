package dev.weft.net;

import dev.weft.Task;
import java.net.InetSocketAddress;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The outgoing side of a connection (asyncio's {@code StreamWriter}): {@code write} never blocks the loop, and
 * {@code drain} is where a fast writer waits for a slow peer.
 *
 * <pre>{@code
 * for (byte[] chunk : chunks) {
 *   writer.write(chunk);        // tries the socket at once; buffers only what it did not take
 *   await(writer.drain());      // suspends only while the buffer is above the high-water mark
 * }
 * writer.close();
 * await(writer.closed());
 * }</pre>
 *
 * <p>Backpressure: {@code drain()} completes at once while at most the high-water mark (default 64 KiB) is
 * buffered; above it, it suspends until the socket has taken enough for the buffer to fall to the low-water mark
 * (default 16 KiB). A loop that writes and drains therefore keeps at most one write above the high-water mark in
 * memory, however slow the peer.
 *
 * <p>Errors: {@code write} does no error reporting: once the connection is lost (reset, broken pipe) further writes
 * are dropped, and {@code drain()} fails with the {@code IOException} that lost it, as do the reader's reads. Write
 * after {@code close()}, {@code abort()} or {@code shutdownOutput()} is a programming error
 * ({@code IllegalStateException}).
 *
 * <p>Threads: loop thread only. Nulls: no argument may be null; results are never null.
 */
public final class StreamWriter {

  private final StreamTransport transport;
  /** Bytes handed to {@link #write} so far (for idle detection: sent = written - buffered). Loop thread. */
  private long written;

  StreamWriter(final StreamTransport transport) {
    this.transport = transport;
  }

  /**
   * Sends bytes, or buffers the part the socket does not take at once. Never blocks and never suspends. The array
   * may be reused as soon as this returns.
   *
   * @param data the bytes; not null
   * @throws IllegalStateException after {@code close()}, {@code abort()} or {@code shutdownOutput()}, or off the
   *     loop thread
   */
  public void write(final byte[] data) {
    write(data, 0, data.length);
  }

  /**
   * As {@link #write(byte[])}, for part of an array.
   *
   * @param data the array; not null
   * @param offset where the bytes start
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the array
   * @throws IllegalStateException after {@code close()}, {@code abort()} or {@code shutdownOutput()}, or off the
   *     loop thread
   */
  public void write(final byte[] data, final int offset, final int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    transport.write(data, offset, length);
    written += length;
  }

  /** @return bytes the socket (or the layer below) has taken from this writer so far; loop thread */
  long bytesSent() {
    return written - transport.bufferedBytes();
  }

  /**
   * Waits for the outgoing buffer to drain: a done task while at most the high-water mark is buffered, else one
   * that completes once the buffer is down to the low-water mark (or the connection is closed).
   *
   * @return the task to await; it fails with the {@code IOException} that lost the connection, if it was lost
   * @throws IllegalStateException off the loop thread
   */
  public Task<Void> drain() {
    return transport.drain();
  }

  /** @return bytes written and not yet taken by the socket */
  public long bufferedBytes() {
    return transport.bufferedBytes();
  }

  /**
   * Half-closes the connection once the buffered bytes are sent: the peer reads EOF, and this side can still read
   * (asyncio's {@code write_eof}). No-op after {@code close()} or a second call.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void shutdownOutput() {
    transport.shutdownOutput();
  }

  /**
   * Closes the connection: reading stops at once (the reader sees EOF), the buffered bytes are still sent, then the
   * socket is closed. Idempotent. Await {@link #closed()} to know the socket is gone.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void close() {
    transport.close();
  }

  /**
   * Closes the connection at once, dropping the buffered bytes. Idempotent.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void abort() {
    transport.abort();
  }

  /** @return true once {@code close()} or {@code abort()} was called or the connection was lost */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * A task that completes (successfully, however the connection ended) once the socket is closed and its file
   * descriptor released.
   *
   * @return the same task on every call
   */
  public Task<Void> closed() {
    return transport.closed();
  }

  /** @return the address of the peer; never null */
  public InetSocketAddress peerAddress() {
    return transport.peerAddress();
  }

  /** @return the local address of the connection; never null */
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  /**
   * The TLS session of a connection made with an {@code SSLContext} (protocol, cipher suite, peer certificates).
   *
   * @return the session, or null for a plain TCP connection
   */
  public SSLSession sslSession() {
    return transport.sslSession();
  }

  @Override
  public String toString() {
    return "StreamWriter[" + transport + "]";
  }
}
