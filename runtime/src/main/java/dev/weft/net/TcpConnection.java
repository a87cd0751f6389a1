package dev.weft.net;

import dev.weft.Task;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;

/**
 * A client connection from {@link Tcp#openConnection}, plain or TLS: its reader and writer (asyncio's pair),
 * closable with try-with-resources inside {@code @Async} code. With TLS the streams carry plaintext; closing sends
 * close_notify first.
 *
 * <pre>{@code
 * try (TcpConnection c = await(Tcp.openConnection("127.0.0.1", port))) {
 *   c.writer().write("ping\n".getBytes(UTF_8));
 *   byte[] reply = await(c.reader().readLine());
 * }   // close(): the socket goes once the buffered bytes are sent
 * }</pre>
 *
 * <p>Ownership: the connection is released by {@link #close()} (or the writer's {@code close()}/{@code abort()}),
 * by a lost connection, and at the latest when its event loop closes (the end of {@code Weft.run}).
 *
 * <p>Threads: loop thread only, except {@link #reader()}, {@link #writer()} and the addresses. Nulls: nothing
 * returned is null.
 */
public final class TcpConnection implements AutoCloseable {

  private final StreamReader reader;
  private final StreamWriter writer;

  TcpConnection(final StreamReader reader, final StreamWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  /** @return the incoming side */
  public StreamReader reader() {
    return reader;
  }

  /** @return the outgoing side */
  public StreamWriter writer() {
    return writer;
  }

  /** @return the peer's address */
  public InetSocketAddress peerAddress() {
    return writer.peerAddress();
  }

  /** @return the local address */
  public InetSocketAddress localAddress() {
    return writer.localAddress();
  }

  /** @return the TLS session (protocol, cipher suite, peer certificates), or null for plain TCP */
  public SSLSession sslSession() {
    return writer.sslSession();
  }

  /** As {@link StreamWriter#close()}: stop reading, send what is buffered, close. Idempotent. */
  @Override
  public void close() {
    writer.close();
  }

  /** @return as {@link StreamWriter#closed()} */
  public Task<Void> closed() {
    return writer.closed();
  }

  @Override
  public String toString() {
    return "TcpConnection[" + writer.localAddress() + " -> " + writer.peerAddress() + "]";
  }
}
