package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Unhandled;
import dev.weft.loop.EventLoop;
import dev.weft.loop.IoHandler;
import dev.weft.loop.TimerHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;

/**
 * A listening TCP socket from {@link Tcp#startServer} (asyncio's {@code Server}): each accepted connection gets a
 * reader, a writer and a task of its own running the {@link ConnectionHandler}.
 *
 * <pre>{@code
 * TcpServer server = await(Tcp.startServer("127.0.0.1", 0, Echo::serve));
 * int port = server.port();          // the port the system picked
 * ...
 * server.close();                    // stop accepting; the port is free once closed() completes
 * await(server.closed());            // and every connection has finished
 * }</pre>
 *
 * <pre>
 *   SERVING ──close() / serveForever() cancelled / loop closes──► CLOSED (no accepts; connections run on)
 *                                                                   └─ last connection closed ──► closed() done
 * </pre>
 *
 * <p>TLS (a server started with an {@code SSLContext}): each connection's handshake runs first; the handler starts
 * only once it has finished. A failed handshake closes that connection, is logged at DEBUG, and never stops the
 * server. {@link #connectionCount()} and {@link #closed()} count handshaking connections too.
 *
 * <p>Connections: when a handler's task ends, normally or not, its connection is closed (buffered bytes are
 * flushed first); a failure (other than cancellation) is reported once to the unhandled-exception handler and the
 * server goes on. Accept errors (out of file descriptors, say) are logged and accepting pauses for
 * {@link #ACCEPT_RETRY}, as asyncio does.
 *
 * <p>Threads: loop thread only, except {@link #port()} and {@link #localAddress()}. Nulls: nothing returned is null.
 */
public final class TcpServer implements AutoCloseable {

  /** The listen backlog. */
  public static final int BACKLOG = 1024;
  /** How long accepting pauses after an accept error. */
  public static final Duration ACCEPT_RETRY = Duration.ofSeconds(1);
  /** Connections accepted per readiness event at most, so a flood of connects cannot starve the loop. */
  private static final int ACCEPTS_PER_EVENT = 128;

  private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());

  private final EventLoop loop;
  private final ServerSocketChannel channel;
  private final ConnectionHandler handler;
  private final StreamOptions options;
  /** TLS settings, or null for plain TCP. */
  private final TlsOptions tls;
  private final InetSocketAddress address;
  /** Replaced when the loop rebuilds its selector. */
  private SelectionKey key;
  /** Open connections (their transports' closed() not yet complete). */
  private final HashSet<TcpConnection> connections = new HashSet<>();
  private final Promise<Void> closedPromise = new Promise<>();
  private final ArrayList<Promise<Void>> foreverWaiters = new ArrayList<>(1);
  private boolean serving = true;
  private boolean closedScheduled;
  private TimerHandle acceptRetry;

  private TcpServer(final EventLoop loop, final ServerSocketChannel channel, final ConnectionHandler handler,
      final StreamOptions options, final TlsOptions tls) throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
    this.options = options;
    this.tls = tls;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.key = loop.register(channel, SelectionKey.OP_ACCEPT, new Acceptor());
  }

  /** Binds and starts accepting; the channel is closed on failure. {@code tls}: null for plain TCP. */
  static TcpServer bind(final EventLoop loop, final InetSocketAddress at, final ConnectionHandler handler,
      final StreamOptions options, final TlsOptions tls) throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.bind(at, BACKLOG); // SO_REUSEADDR is on by default for server channels on Unix
      ch.configureBlocking(false);
      return new TcpServer(loop, ch, handler, options, tls);
    } catch (IOException | RuntimeException e) {
      Channels.closeQuietly(ch);
      throw e;
    }
  }

  /** @return the bound port (the one the system picked when asked for port 0) */
  public int port() {
    return address.getPort();
  }

  /** @return the bound address */
  public InetSocketAddress localAddress() {
    return address;
  }

  /** @return true until {@link #close()} */
  public boolean isServing() {
    return serving;
  }

  /** @return the number of connections not yet closed */
  public int connectionCount() {
    checkLoop("connectionCount");
    return connections.size();
  }

  /**
   * Stops accepting and closes the listening socket (asyncio's {@code close}); connections already accepted run on.
   * Idempotent. The port is free for others once {@link #closed()} completes (or one loop turn later).
   *
   * @throws IllegalStateException off the loop thread
   */
  @Override
  public void close() {
    checkLoop("close");
    if (!serving) {
      return;
    }
    serving = false;
    if (acceptRetry != null) {
      acceptRetry.cancel();
    }
    key.cancel();
    Channels.closeQuietly(channel);
    for (Promise<Void> p : foreverWaiters) {
      p.complete(null);
    }
    foreverWaiters.clear();
    maybeClosed();
  }

  /**
   * Closes every open connection gracefully (their buffered bytes are sent first); their handlers see EOF on read.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void closeClients() {
    checkLoop("closeClients");
    for (TcpConnection c : new ArrayList<>(connections)) {
      c.close();
    }
  }

  /**
   * Closes every open connection at once, dropping their buffered bytes.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void abortClients() {
    checkLoop("abortClients");
    for (TcpConnection c : new ArrayList<>(connections)) {
      c.writer().abort();
    }
  }

  /**
   * A task that completes once the server is closed and every connection it accepted is closed (asyncio's
   * {@code wait_closed}); by then the listening socket's descriptor is released.
   *
   * @return the same task on every call
   */
  public Task<Void> closed() {
    return closedPromise;
  }

  /**
   * A task that completes when the server is closed (asyncio's {@code serve_forever}): await it to serve until
   * someone calls {@link #close()}. Cancelling it (by cancelling the awaiting task) closes the server.
   *
   * @return a new task, done already if the server is closed
   * @throws IllegalStateException off the loop thread
   */
  public Task<Void> serveForever() {
    checkLoop("serveForever");
    if (!serving) {
      return Weft.done();
    }
    Promise<Void> p = new Promise<>();
    foreverWaiters.add(p);
    p.onDone(t -> {
      if (t.isCancelled()) {
        close();
      }
    });
    return p;
  }

  // ---- accepting ------------------------------------------------------------------------------------------

  /** Readiness of the listening socket: accept what is queued, up to a bound. */
  private void acceptReady() {
    for (int i = 0; i < ACCEPTS_PER_EVENT && serving; i++) {
      SocketChannel ch;
      try {
        ch = channel.accept();
      } catch (IOException e) {
        acceptFailed(e);
        return;
      }
      if (ch == null) {
        return;
      }
      serve(ch);
    }
  }

  private void serve(final SocketChannel ch) {
    TcpConnection c;
    Promise<TcpConnection> handshake = tls == null ? null : new Promise<>();
    try {
      c = tls == null
          ? SocketTransport.open(loop, ch, null, options)
          : SslTransport.start(loop, ch, null, options, tls, null, 0, handshake);
    } catch (IOException | RuntimeException e) { // the channel is closed by then
      LOG.log(System.Logger.Level.DEBUG, "an accepted connection could not be set up", e);
      return;
    }
    connections.add(c);
    c.closed().onDone(t -> {
      connections.remove(c);
      maybeClosed();
    });
    if (handshake == null) {
      startHandler(c);
      return;
    }
    handshake.onDone(h -> {
      if (h.isCancelled()) {
        return;
      }
      try {
        h.result();
      } catch (Throwable e) { // the handshake's failure (never a cancellation: checked above); the socket is closing
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + c.peerAddress() + " failed", e);
        return;
      }
      startHandler(c);
    });
  }

  private void startHandler(final TcpConnection c) {
    @SuppressWarnings("unchecked")
    Task<Object> task = Weft.spawn(() -> (Task<Object>) handler.handle(c.reader(), c.writer()));
    task.onDone(t -> handlerDone(t, c));
  }

  /** A handler's task ended: report a failure once, then close its connection (flushing what it wrote). */
  private static void handlerDone(final Task<Object> t, final TcpConnection c) {
    if (!t.isCancelled()) {
      try {
        t.result();
      } catch (Throwable e) { // the task's failure, retrieved to be reported (never a cancellation: checked above)
        Unhandled.report(e);
      }
    }
    c.close();
  }

  private void acceptFailed(final IOException e) {
    // Pause first: out of descriptors, even logging may fail, and a throw before the pause would spin on accept.
    key.interestOps(0);
    acceptRetry = loop.schedule(ACCEPT_RETRY, () -> {
      acceptRetry = null;
      if (serving) {
        key.interestOps(SelectionKey.OP_ACCEPT);
      }
    });
    LOG.log(System.Logger.Level.WARNING, "accept failed on " + address + "; accepting again in " + ACCEPT_RETRY, e);
  }

  private void maybeClosed() {
    if (!serving && connections.isEmpty() && !closedScheduled) {
      closedScheduled = true;
      Channels.afterNextSelect(loop, () -> closedPromise.complete(null)); // the port is free by then
    }
  }

  /** The listening key's handler (kept off the server's public face). */
  private final class Acceptor implements IoHandler {
    @Override
    public void ready(final SelectionKey k) {
      acceptReady();
    }

    @Override
    public void loopClosing(final SelectionKey k) {
      close(); // the loop is closing: stop serving, wake serveForever()
    }

    @Override
    public void rekeyed(final SelectionKey k) {
      key = k; // the loop rebuilt its selector
    }
  }

  private void checkLoop(final String what) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException(what + "() on a TcpServer must run on its event loop's thread, not on "
          + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "TcpServer[" + address + (serving ? ", serving" : ", closed") + ", " + connections.size()
        + " connections]";
  }
}
