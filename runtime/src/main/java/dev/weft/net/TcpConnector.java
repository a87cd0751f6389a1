package dev.weft.net;

import dev.weft.Promise;
import dev.weft.loop.EventLoop;
import dev.weft.loop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One {@link Tcp#openConnection}: resolve, then try the addresses in turn (asyncio without happy eyeballs): a
 * non-blocking {@code connect}, {@code OP_CONNECT} only when it does not finish at once, {@code finishConnect} on
 * readiness. The key registered for connecting is handed on to the connection's transport.
 *
 * <pre>
 *   RESOLVING ──► CONNECTING(address i) ──finishConnect──► done: promise completed with the connection
 *                      │                                   (TLS: HANDSHAKING first; its failure fails the promise)
 *                      │ refused / unreachable: next address; none left: promise failed with the first error
 *   cancelled (promise cancelled) at any point: the channel is closed, the key cancelled
 * </pre>
 *
 * <p>Threads: loop thread only.
 */
final class TcpConnector implements IoHandler {

  private final EventLoop loop;
  private final StreamOptions options;
  /** TLS settings, or null for plain TCP. */
  private final TlsOptions tls;
  /** The host as the caller named it (TLS: SNI and the host name check). */
  private final String host;
  private final int port;
  private final Promise<TcpConnection> promise = new Promise<>();
  private InetSocketAddress[] addresses;
  private int next;
  private IOException firstError;
  /** The channel being connected, until it is handed to a transport or closed. */
  private SocketChannel channel;
  private SelectionKey key;

  private TcpConnector(final EventLoop loop, final String host, final int port, final StreamOptions options,
      final TlsOptions tls) {
    this.loop = loop;
    this.host = host;
    this.port = port;
    this.options = options;
    this.tls = tls;
  }

  /**
   * Starts connecting; the returned promise completes with the connection (after the TLS handshake, with TLS).
   *
   * @param tls TLS settings, or null for plain TCP
   */
  static Promise<TcpConnection> start(final EventLoop loop, final String host, final int port,
      final StreamOptions options, final TlsOptions tls) {
    TcpConnector c = new TcpConnector(loop, host, port, options, tls);
    // A cancelled open (its awaiting task cancelled) lets go of the half-made socket.
    c.promise.onDone(t -> {
      if (t.isCancelled()) {
        c.dropChannel();
      }
    });
    HostResolver.resolve(loop, host, port, (a, e) -> {
      if (e != null) {
        c.promise.fail(e);
      } else {
        c.addresses = a;
        c.tryNext();
      }
    });
    return c.promise;
  }

  private void tryNext() {
    while (!promise.isDone()) {
      if (next >= addresses.length) {
        promise.fail(firstError);
        return;
      }
      InetSocketAddress a = addresses[next++];
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        if (channel.connect(a)) {
          connected();
        } else {
          key = loop.register(channel, SelectionKey.OP_CONNECT, this);
        }
        return;
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  @Override
  public void ready(final SelectionKey k) {
    try {
      if (!channel.finishConnect()) {
        return; // spurious readiness; keep waiting
      }
    } catch (IOException e) {
      failed(e);
      tryNext();
      return;
    }
    connected();
  }

  @Override
  public void loopClosing(final SelectionKey k) {
    dropChannel();
    promise.cancel();
  }

  @Override
  public void rekeyed(final SelectionKey k) {
    key = k; // the loop rebuilt its selector
  }

  private void connected() {
    SocketChannel ch = channel;
    SelectionKey k = key;
    channel = null;
    key = null;
    if (promise.isDone()) {
      if (k != null) {
        k.cancel();
      }
      Channels.closeQuietly(ch);
      return;
    }
    try {
      if (tls == null) {
        promise.complete(SocketTransport.open(loop, ch, k, options)); // closes the channel itself on failure
      } else {
        SslTransport.start(loop, ch, k, options, tls, host, port, promise); // completes it after the handshake
      }
    } catch (IOException | RuntimeException e) { // the channel is closed by then; a RuntimeException: bad TLS setup
      if (k != null) {
        k.cancel();
      }
      promise.fail(e);
    }
  }

  private void failed(final IOException e) {
    dropChannel();
    if (firstError == null) {
      firstError = e;
    } else if (firstError != e) {
      firstError.addSuppressed(e);
    }
  }

  private void dropChannel() {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      Channels.closeQuietly(channel);
      channel = null;
    }
  }
}
