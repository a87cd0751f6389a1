package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TCP entry points, asyncio's {@code open_connection} and {@code start_server}, to import statically.
 *
 * <pre>{@code
 * import static dev.weft.net.Tcp.*;
 *
 * @Async
 * static Task<Void> main0() {
 *   TcpServer server = await(startServer("127.0.0.1", 0, (in, out) -> {
 *     out.write(await(in.readLine()));            // echo one line
 *     return done();
 *   }));
 *   try (TcpConnection c = await(openConnection("127.0.0.1", server.port()))) {
 *     c.writer().write("hi\n".getBytes(UTF_8));
 *     System.out.println(new String(await(c.reader().readLine()), UTF_8));
 *   }
 *   server.close();
 *   await(server.closed());
 *   return done();
 * }
 * }</pre>
 *
 * <p>Host names are resolved off the loop (IP literals are parsed on the spot); a client tries each address in
 * turn. Failures (unknown host, refused, unreachable, bind errors) fail the returned task with the JDK's
 * {@code IOException}. Sockets are non-blocking with {@code TCP_NODELAY} on, registered with the calling thread's
 * loop, and released at the latest when that loop closes.
 *
 * <p>TLS: the overloads taking an {@link SSLContext} or {@link TlsOptions} run TLS through the JDK's
 * {@code SSLEngine} on the same loop; the reader and writer then carry plaintext, and TLS failures arrive as
 * {@code SSLException}s (which are {@code IOException}s) exactly where TCP failures would.
 *
 * <p>Threads: call on a loop thread (inside {@code Weft.run}). Nulls: arguments may not be null except the server
 * host (null: every interface).
 */
public final class Tcp {

  private Tcp() {
    throw new AssertionError();
  }

  /**
   * Connects to {@code host:port} with default {@link StreamOptions}.
   *
   * @param host a host name or IP literal; not null
   * @param port 1 to 65535
   * @return a task of the connection; it fails with an {@code IOException} when no address can be reached
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpConnection> openConnection(final String host, final int port) {
    return openConnection(host, port, StreamOptions.defaults());
  }

  /**
   * Connects to {@code host:port}.
   *
   * @param host a host name or IP literal; not null
   * @param port 1 to 65535
   * @param options buffer limits of the connection's streams; not null
   * @return a task of the connection; it fails with an {@code IOException} when no address can be reached;
   *     cancelling it abandons the attempt and closes its socket
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpConnection> openConnection(final String host, final int port, final StreamOptions options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    return TcpConnector.start(requireLoop("openConnection"), host, port, options, null);
  }

  /**
   * Connects to {@code host:port} over TLS with default {@link TlsOptions} (the server's certificate is checked
   * against {@code host}) and default {@link StreamOptions}.
   *
   * @param host a host name or IP literal; not null; also the name sent as SNI and checked in the certificate
   * @param port 1 to 65535
   * @param sslContext the client's trust (and key, for client authentication); not null
   * @return a task of the connection, completing once the TLS handshake has finished; see
   *     {@link #openConnection(String, int, TlsOptions, StreamOptions)}
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpConnection> openConnection(final String host, final int port, final SSLContext sslContext) {
    return openConnection(host, port, TlsOptions.of(sslContext), StreamOptions.defaults());
  }

  /**
   * Connects to {@code host:port} over TLS. The reader and writer of the connection carry plaintext; closing it
   * sends close_notify, then closes the socket.
   *
   * <p>With TLS 1.3 a client finishes its handshake before the server has checked the client's certificate: a
   * server that rejects it makes the first read (or {@code drain()}) fail with an {@code SSLException}, not this
   * task. Under TLS 1.2 this task fails.
   *
   * @param host a host name or IP literal; not null; also the name sent as SNI and checked in the certificate
   * @param port 1 to 65535
   * @param tls the TLS context and settings; not null
   * @param options buffer limits of the connection's streams (plaintext); not null
   * @return a task of the connection, completing once the TLS handshake has finished; it fails with an
   *     {@code IOException} when no address can be reached, an {@code SSLException} (often an
   *     {@code SSLHandshakeException}) when the handshake fails or times out; cancelling it closes the socket
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpConnection> openConnection(final String host, final int port, final TlsOptions tls,
      final StreamOptions options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(options, "options");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    return TcpConnector.start(requireLoop("openConnection"), host, port, options, tls);
  }

  /**
   * Starts a server with default {@link StreamOptions} for its connections.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link TcpServer#port()})
   * @param handler run as a task of its own for each connection; not null
   * @return a task of the listening server; it fails with an {@code IOException} if the address cannot be bound
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpServer> startServer(final String host, final int port, final ConnectionHandler handler) {
    return startServer(host, port, handler, StreamOptions.defaults());
  }

  /**
   * Starts a server. A name that resolves to several addresses is bound on the first one.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link TcpServer#port()})
   * @param handler run as a task of its own for each connection; not null
   * @param options buffer limits of each connection's streams; not null
   * @return a task of the listening server; it fails with an {@code IOException} if the address cannot be bound
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpServer> startServer(final String host, final int port, final ConnectionHandler handler,
      final StreamOptions options) {
    return bindServer(host, port, handler, null, options);
  }

  /**
   * Starts a TLS server with default {@link TlsOptions} and {@link StreamOptions}.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link TcpServer#port()})
   * @param handler run as a task of its own for each connection, once its TLS handshake has finished; not null
   * @param sslContext the server's key and certificate (and trust, for client authentication); not null
   * @return a task of the listening server; see {@link #startServer(String, int, ConnectionHandler, TlsOptions,
   *     StreamOptions)}
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpServer> startServer(final String host, final int port, final ConnectionHandler handler,
      final SSLContext sslContext) {
    return startServer(host, port, handler, TlsOptions.of(sslContext), StreamOptions.defaults());
  }

  /**
   * Starts a TLS server. Each accepted connection does its handshake on the loop first; the handler runs only once
   * it has finished, with plaintext streams. A failed handshake (an untrusted client certificate when
   * {@code SSLParameters.setNeedClientAuth(true)} is set, a protocol mismatch, a timeout) closes that connection,
   * is logged at DEBUG, and the server goes on serving.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link TcpServer#port()})
   * @param handler run as a task of its own for each connection, once its TLS handshake has finished; not null
   * @param tls the TLS context and settings; not null
   * @param options buffer limits of each connection's streams (plaintext); not null
   * @return a task of the listening server; it fails with an {@code IOException} if the address cannot be bound
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<TcpServer> startServer(final String host, final int port, final ConnectionHandler handler,
      final TlsOptions tls, final StreamOptions options) {
    return bindServer(host, port, handler, Objects.requireNonNull(tls, "tls"), options);
  }

  private static Task<TcpServer> bindServer(final String host, final int port, final ConnectionHandler handler,
      final TlsOptions tls, final StreamOptions options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    EventLoop loop = requireLoop("startServer");
    Promise<TcpServer> p = new Promise<>();
    HostResolver.resolve(loop, host, port, (a, e) -> {
      if (e != null) {
        p.fail(e);
        return;
      }
      TcpServer s;
      try {
        s = TcpServer.bind(loop, a[0], handler, options, tls);
      } catch (IOException ex) {
        p.fail(ex);
        return;
      }
      if (!p.complete(s)) {
        s.close(); // the start was cancelled while the name was being resolved
      }
    });
    return p;
  }

  private static EventLoop requireLoop(final String what) {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException("Tcp." + what + " needs a running event loop on this thread ("
          + Thread.currentThread().getName() + "): call it inside Weft.run(...)");
    }
    return loop;
  }
}
