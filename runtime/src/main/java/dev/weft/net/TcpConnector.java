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
 *                      │ refused / unreachable: next address; none left: promise failed with the first error
 *   cancelled (promise cancelled) at any point: the channel is closed, the key cancelled
 * </pre>
 *
 * <p>Threads: loop thread only.
 */
final class TcpConnector implements IoHandler {

  private final EventLoop loop;
  private final StreamOptions options;
  private final Promise<TcpConnection> promise = new Promise<>();
  private InetSocketAddress[] addresses;
  private int next;
  private IOException firstError;
  /** The channel being connected, until it is handed to a transport or closed. */
  private SocketChannel channel;
  private SelectionKey key;

  private TcpConnector(final EventLoop loop, final StreamOptions options) {
    this.loop = loop;
    this.options = options;
  }

  /** Starts connecting; the returned promise completes with the connection. */
  static Promise<TcpConnection> start(final EventLoop loop, final String host, final int port,
      final StreamOptions options) {
    TcpConnector c = new TcpConnector(loop, options);
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
      promise.complete(SocketTransport.open(loop, ch, k, options)); // closes the channel itself on failure
    } catch (IOException e) {
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
