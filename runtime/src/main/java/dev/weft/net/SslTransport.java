package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS over a {@link SocketTransport} through the JDK's {@link SSLEngine} (asyncio's {@code SSLProtocol}): below, it
 * is the socket transport's {@link ByteSink} and writes ciphertext through it; above, it is the
 * {@link StreamTransport} of an ordinary {@link StreamReader} and {@link StreamWriter}, so TLS code reads and writes
 * exactly as TCP code does.
 *
 * <pre>
 *   HANDSHAKING ──engine FINISHED──► OPEN ──close()──► flush plaintext, close_notify, socket close() (flushes)
 *       │                              │  ──shutdownOutput()──► flush plaintext, close_notify, TCP half-close
 *       │                              │  ──peer's close_notify──► reader EOF (this side may still write: TLS 1.3)
 *       │                              │  ──TCP EOF without close_notify──► reader EOF (a partial record: error)
 *       ├─ SSLException / EOF / timeout / close()─► DEAD: handshake task, reads and drain() fail; alert sent
 *       └──────────── abort() / socket lost / loop closes ──────────► DEAD: socket closed at once
 * </pre>
 *
 * <p>The engine is pumped by {@link #pump()}: it loops on the handshake status, running delegated tasks, wrapping
 * (handshake messages, then queued plaintext, then close_notify) and unwrapping what has arrived, until nothing moves.
 * Every path that changes state calls it; it is guarded against re-entry (a socket write can fail and call back into
 * {@link #fail}).
 *
 * <p>Buffers: ciphertext received is copied into {@link #netIn}, a heap buffer that grows to whatever one socket
 * read brings (at least one TLS packet); unwrapping and wrapping use two scratch buffers per loop thread, grown on
 * {@code BUFFER_OVERFLOW} (a record larger than the session's sizes announced, or sizes that grew after the
 * handshake). {@code BUFFER_UNDERFLOW} means a record is not complete yet: wait for more bytes. Plaintext written
 * while the engine cannot take it (during the handshake) is queued, and {@link #drain()} counts it.
 *
 * <p>Delegated tasks (certificate checks, key exchange) run inline on the loop thread: they are CPU work of about a
 * millisecond per handshake, which costs less than a hop to a pool and back, and keeps every engine call on one
 * thread. A server facing many handshakes at once spends that CPU on its loop; run several loops if it matters.
 *
 * <p>Ragged EOF: a TCP EOF after the handshake without close_notify is reported as a plain EOF, as asyncio and most
 * HTTPS clients do; only a partial record at EOF is an error ({@code SSLException}). Protocols that delimit their
 * messages themselves (HTTP's Content-Length, length prefixes) are not exposed to truncation by this.
 *
 * <p>Size: one file over the usual bound on purpose: the handshake, data, close and failure paths share the engine's
 * state and the flags above, and split apart they would each need all of it.
 *
 * <p>Threads: loop thread only.
 */
final class SslTransport implements StreamTransport, ByteSink {

  private static final System.Logger LOG = System.getLogger(SslTransport.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** Scratch buffers for unwrap output ([0]) and wrap output ([1]), shared by the TLS connections of a thread. */
  private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[2]);

  private final EventLoop loop;
  private final SSLEngine engine;
  private final StreamReader reader;
  private final int highWater;
  private final int lowWater;
  /** Completed with the connection when the handshake finishes, failed when it cannot. */
  private final Promise<TcpConnection> handshake;
  private final TcpConnection connection;
  private SocketTransport socket;
  private TimerHandle handshakeTimer;

  /** Ciphertext received and not yet unwrapped, in write mode (data is {@code [0, position)}); null until needed. */
  private ByteBuffer netIn;
  /** Plaintext the engine has not taken yet. */
  private final ArrayDeque<ByteBuffer> plainOut = new ArrayDeque<>();
  private long plainBytes;
  private boolean plainPaused;
  private final DrainWaiters drainWaiters = new DrainWaiters();

  private boolean handshakeDone;
  /** close() was called: close_notify goes out once the plaintext is wrapped, then the socket closes. */
  private boolean closeRequested;
  /** shutdownOutput() was called: close_notify goes out once the plaintext is wrapped, then a TCP half-close. */
  private boolean shutdownRequested;
  private boolean closeNotifySent;
  /** The socket was asked to close or half-close: nothing more may be written to it. */
  private boolean socketOutputDone;
  /** socket.close() was called. */
  private boolean socketCloseCalled;
  /** The reader has been given EOF or an error: no more plaintext goes to it. */
  private boolean readerDone;
  /** Aborted, failed or lost: the engine is no longer used. */
  private boolean dead;
  /** Why writing is impossible (a failure, or the peer's close_notify under TLS 1.2); drain() reports it. */
  private IOException writeError;
  private boolean pumping;
  private boolean repump;

  private SslTransport(final EventLoop loop, final SSLEngine engine, final StreamOptions options,
      final Promise<TcpConnection> handshake) {
    this.loop = loop;
    this.engine = engine;
    this.reader = new StreamReader(loop, options.readLimit());
    this.highWater = options.highWater();
    this.lowWater = options.lowWater();
    this.handshake = handshake;
    this.connection = new TcpConnection(reader, new StreamWriter(this));
    reader.bind(this);
  }

  /**
   * Starts TLS on a connected channel. The handshake runs on the loop; {@code result} completes with the
   * connection when it finishes, or fails with the {@code SSLException} (or {@code IOException}) that stopped it,
   * by which time the socket is being closed. Cancelling {@code result} aborts the connection.
   *
   * @param loop the calling loop; not null
   * @param channel a connected channel; closed here on failure
   * @param key the channel's key (from connecting), or null to register it
   * @param options buffer limits; not null
   * @param tls the context and its settings; not null
   * @param peerHost for a client, the host as the caller named it (SNI, host name check); null for a server
   * @param peerPort for a client, the port connected to
   * @param result completed as described
   * @return the connection, usable once {@code result} completes
   * @throws IOException if the channel cannot be set up (it is closed then)
   */
  static TcpConnection start(final EventLoop loop, final SocketChannel channel, final SelectionKey key,
      final StreamOptions options, final TlsOptions tls, final String peerHost, final int peerPort,
      final Promise<TcpConnection> result) throws IOException {
    SSLEngine engine;
    try {
      engine = newEngine(tls, peerHost, peerPort);
    } catch (RuntimeException e) { // bad parameters for this context
      Channels.closeQuietly(channel);
      throw e;
    }
    SslTransport t = new SslTransport(loop, engine, options, result);
    t.socket = SocketTransport.attach(loop, channel, key, options, t);
    t.handshakeTimer = loop.schedule(tls.handshakeTimeout(), () -> {
      if (!t.handshakeDone && !t.dead) {
        t.fatal(new SSLHandshakeException("TLS handshake not finished within " + tls.handshakeTimeout()));
      }
    });
    result.onDone(r -> {
      if (r.isCancelled()) {
        t.abort(); // the open was cancelled (no-op once the connection was handed over and closed)
      }
    });
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      t.fatal(e);
      return t.connection;
    }
    t.pump(); // a client sends its ClientHello now
    return t.connection;
  }

  private static SSLEngine newEngine(final TlsOptions tls, final String peerHost, final int peerPort) {
    boolean client = peerHost != null;
    SSLEngine e = client ? tls.context().createSSLEngine(peerHost, peerPort) : tls.context().createSSLEngine();
    e.setUseClientMode(client);
    if (tls.sharedParameters() != null) {
      e.setSSLParameters(tls.sharedParameters());
    }
    if (client) {
      SSLParameters p = e.getSSLParameters(); // a copy: the shared parameters stay untouched
      p.setEndpointIdentificationAlgorithm(tls.hostnameVerification() ? "HTTPS" : null);
      e.setSSLParameters(p);
    }
    return e;
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  // ---- the engine pump ------------------------------------------------------------------------------------

  /** Drives the engine until nothing moves; see the class comment. */
  private void pump() {
    if (pumping) {
      repump = true;
      return;
    }
    pumping = true;
    try {
      boolean progress;
      do {
        repump = false;
        progress = false;
        if (dead) {
          break;
        }
        switch (engine.getHandshakeStatus()) {
          case NEED_TASK:
            runDelegatedTasks();
            progress = true;
            break;
          case NEED_WRAP: {
            SSLEngineResult r = wrap(EMPTY);
            progress = r != null && (r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP);
            break;
          }
          case NEED_UNWRAP:
          case NEED_UNWRAP_AGAIN:
            progress = unwrap();
            break;
          default: // NOT_HANDSHAKING: the handshake is over (or, after close_notify both ways, everything is)
            if (!handshakeDone) {
              handshakeFinished();
            }
            progress = unwrap();
            progress |= flushPlain();
            progress |= closeOutboundIfDue();
        }
      } while ((progress || repump) && !dead);
    } finally {
      pumping = false;
    }
  }

  private void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // inline on the loop: see the class comment
    }
  }

  /**
   * One {@code engine.wrap} from {@code src} (handshake data when empty), sending what it produced.
   *
   * @return the result, or null if the engine failed (the connection is dead then)
   */
  private SSLEngineResult wrap(final ByteBuffer src) {
    for (;;) {
      ByteBuffer out = scratch(1, engine.getSession().getPacketBufferSize());
      out.clear();
      SSLEngineResult r;
      try {
        r = engine.wrap(src, out);
      } catch (SSLException e) {
        fatal(e);
        return null;
      }
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        grow(1, out.capacity() * 2);
        continue;
      }
      if (out.position() > 0 && !socketOutputDone && !socket.isClosing()) {
        socket.write(out.array(), out.arrayOffset(), out.position()); // copies what the socket does not take
      }
      if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
        handshakeFinished();
      }
      return r;
    }
  }

  /**
   * One {@code engine.unwrap} of the ciphertext buffered, handing plaintext to the reader.
   *
   * @return true if the engine consumed or produced anything
   */
  private boolean unwrap() {
    if (netIn == null || netIn.position() == 0) {
      return false;
    }
    netIn.flip();
    try {
      for (;;) {
        ByteBuffer out = scratch(0, engine.getSession().getApplicationBufferSize());
        out.clear();
        SSLEngineResult r;
        try {
          r = engine.unwrap(netIn, out);
        } catch (SSLException e) {
          fatal(e);
          return false;
        }
        switch (r.getStatus()) {
          case BUFFER_OVERFLOW:
            grow(0, out.capacity() * 2);
            continue;
          case BUFFER_UNDERFLOW:
            return false; // a record is not complete: wait for more bytes (netIn grows to hold them)
          case CLOSED:
            deliver(out);
            closeNotifyReceived();
            return r.bytesConsumed() > 0;
          default:
            deliver(out);
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
              handshakeFinished();
            }
            return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }
      }
    } finally {
      netIn.compact();
    }
  }

  private void deliver(final ByteBuffer out) {
    if (out.position() > 0 && !readerDone) {
      out.flip();
      reader.feed(out); // consumes it all, runs no user code
    }
  }

  /** The peer sent close_notify: EOF for the reader. Under TLS 1.3 this side may still write (half-close). */
  private void closeNotifyReceived() {
    if (!readerDone) {
      readerDone = true;
      reader.feedEof();
    }
    if (!handshakeDone) {
      fatal(new SSLHandshakeException("the peer closed the TLS session during the handshake"));
    }
  }

  private void handshakeFinished() {
    if (handshakeDone || dead) {
      return;
    }
    handshakeDone = true;
    handshakeTimer.cancel();
    if (!handshake.complete(connection)) {
      abort(); // nobody wants the connection any more
    }
  }

  /**
   * Wraps queued plaintext while the engine takes it.
   *
   * @return true if any was taken
   */
  private boolean flushPlain() {
    boolean any = false;
    while (!plainOut.isEmpty() && !dead) {
      ByteBuffer b = plainOut.peekFirst();
      SSLEngineResult r = wrap(b);
      if (r == null) {
        return any;
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        outboundClosedUnderUs();
        return any;
      }
      if (r.bytesConsumed() == 0) {
        break; // the engine is busy with a handshake message first
      }
      any = true;
      plainBytes -= r.bytesConsumed();
      if (!b.hasRemaining()) {
        plainOut.pollFirst();
      }
    }
    if (plainPaused && plainBytes <= lowWater) {
      plainPaused = false;
      drainWaiters.wakeAll(null);
    }
    return any;
  }

  /** The engine closed its outbound side by itself (TLS 1.2 answers the peer's close_notify so): writes are lost. */
  private void outboundClosedUnderUs() {
    if (writeError == null) {
      writeError = new SSLException("the TLS session was closed by the peer; written bytes were not sent");
    }
    plainOut.clear();
    plainBytes = 0;
    plainPaused = false;
    drainWaiters.wakeAll(writeError);
  }

  /**
   * After close() or shutdownOutput(), once the plaintext is out: close_notify, then the socket's close or
   * half-close.
   *
   * @return true if it did that now
   */
  private boolean closeOutboundIfDue() {
    if (!plainOut.isEmpty() || !(closeRequested || shutdownRequested)) {
      return false;
    }
    boolean acted = false;
    if (!closeNotifySent) {
      closeNotifySent = true;
      acted = true;
      engine.closeOutbound();
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) { // one close_notify record; bounded for safety
        if (wrap(EMPTY) == null) {
          return true; // failed: the socket is closing already
        }
      }
      if (!closeRequested) {
        socketOutputDone = true;
        socket.shutdownOutput(); // TLS half-close: close_notify, then TCP FIN; reading goes on
      }
    }
    if (closeRequested && !socketCloseCalled) { // also after an earlier shutdownOutput()
      socketCloseCalled = true;
      socketOutputDone = true;
      socket.close(); // flushes, then closes; calls feedEof, which finds closeRequested set
      acted = true;
    }
    return acted;
  }

  // ---- the socket's side (ByteSink) -----------------------------------------------------------------------

  @Override
  public void feed(final ByteBuffer src) {
    if (dead) {
      return;
    }
    int n = src.remaining();
    if (netIn == null) {
      netIn = ByteBuffer.allocate(Math.max(n, engine.getSession().getPacketBufferSize()));
    } else if (netIn.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.position() + n, netIn.capacity() * 2));
      netIn.flip();
      bigger.put(netIn);
      netIn = bigger;
    }
    netIn.put(src);
    pump();
  }

  @Override
  public void feedEof() {
    if (dead || closeRequested) {
      finishReader(null);
      return;
    }
    if (!handshakeDone) {
      fatal(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
      return;
    }
    if (netIn != null && netIn.position() > 0) {
      lose(new SSLException("the peer closed the connection in the middle of a TLS record ("
          + netIn.position() + " bytes): truncated"));
      return;
    }
    finishReader(null); // after close_notify this is a no-op; without one it is a ragged EOF, taken as EOF
  }

  @Override
  public void fail(final Throwable e) {
    // The socket is lost (reset, broken pipe) and closing itself.
    if (dead) {
      return;
    }
    dead = true;
    IOException io = e instanceof IOException x ? x : new IOException(e);
    writeError = io;
    handshakeTimer.cancel();
    handshake.fail(io);
    finishReader(io);
    plainOut.clear();
    plainBytes = 0;
    drainWaiters.wakeAll(io);
  }

  /** Ends the reader with EOF (null) or an error, once. */
  private void finishReader(final Throwable error) {
    if (readerDone) {
      return;
    }
    readerDone = true;
    if (error == null) {
      reader.feedEof();
    } else {
      reader.fail(error);
    }
  }

  /** The engine failed (bad certificate, protocol error, timeout): tell the peer with an alert, then close. */
  private void fatal(final SSLException e) {
    if (dead) {
      return;
    }
    if (handshakeDone) {
      LOG.log(System.Logger.Level.DEBUG, "TLS connection to " + socket.peerAddress() + " failed", e);
    }
    try {
      engine.closeOutbound();
      for (int i = 0; i < 4 && !engine.isOutboundDone() && !socketOutputDone && !socket.isClosing(); i++) {
        ByteBuffer out = scratch(1, engine.getSession().getPacketBufferSize());
        out.clear();
        engine.wrap(EMPTY, out); // the alert the engine has queued, if any
        if (out.position() > 0) {
          socket.write(out.array(), out.arrayOffset(), out.position());
        }
      }
    } catch (SSLException | RuntimeException ignored) {
      // no alert, then; the socket closes anyway
    }
    lose(e);
    if (!socket.isClosing()) {
      socket.close(); // sends the alert, then closes
    }
  }

  /** Marks the connection failed with {@code e} for the handshake, the reader and drainers (socket left to caller). */
  private void lose(final IOException e) {
    if (dead) {
      return;
    }
    dead = true;
    writeError = e;
    handshakeTimer.cancel();
    handshake.fail(e);
    finishReader(e);
    plainOut.clear();
    plainBytes = 0;
    drainWaiters.wakeAll(e);
    if (!socket.isClosing()) {
      socket.close();
    }
  }

  // ---- the application's side (StreamTransport) -----------------------------------------------------------

  @Override
  public void write(final byte[] data, final int offset, final int length) {
    checkLoop("write");
    if (closeRequested || dead && writeError == null) {
      throw new IllegalStateException("write() after close() or abort()");
    }
    if (shutdownRequested) {
      throw new IllegalStateException("write() after shutdownOutput()");
    }
    if (dead || writeError != null || length == 0) {
      return; // lost: the bytes go nowhere, and drain() reports why
    }
    ByteBuffer src = ByteBuffer.wrap(data, offset, length);
    if (plainOut.isEmpty() && handshakeDone && !pumping
        && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
      // The usual case: encrypt straight from the caller's array, record by record.
      while (src.hasRemaining() && !dead) {
        SSLEngineResult r = wrap(src);
        if (r == null) {
          return;
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          outboundClosedUnderUs();
          return;
        }
        if (r.bytesConsumed() == 0) {
          break;
        }
      }
      if (!src.hasRemaining() || dead) {
        return;
      }
    }
    byte[] copy = new byte[src.remaining()];
    src.get(copy);
    plainOut.addLast(ByteBuffer.wrap(copy));
    plainBytes += copy.length;
    if (plainBytes > highWater) {
      plainPaused = true;
    }
    pump();
  }

  @Override
  public Task<Void> drain() {
    checkLoop("drain");
    if (writeError != null) {
      return DoneTask.failed(writeError);
    }
    if (dead) {
      return Weft.done();
    }
    if (!plainPaused) {
      return socket.drain(); // the ciphertext's own backpressure
    }
    return drainWaiters.add();
  }

  @Override
  public long bufferedBytes() {
    return plainBytes + socket.bufferedBytes();
  }

  @Override
  public void shutdownOutput() {
    checkLoop("shutdownOutput");
    if (closeRequested || dead || shutdownRequested) {
      return;
    }
    shutdownRequested = true;
    pump();
  }

  @Override
  public void close() {
    checkLoop("close");
    if (closeRequested || dead) {
      return;
    }
    closeRequested = true;
    finishReader(null); // nothing more will be read, as with TCP
    if (!handshakeDone) {
      lose(new SSLHandshakeException("the connection was closed during the TLS handshake"));
      return;
    }
    pump(); // wraps what is queued, then close_notify, then closes the socket
  }

  @Override
  public void abort() {
    checkLoop("abort");
    if (!dead) {
      dead = true;
      handshakeTimer.cancel();
      handshake.fail(new SSLHandshakeException("the connection was aborted during the TLS handshake"));
      finishReader(null);
      plainOut.clear();
      plainBytes = 0;
      drainWaiters.wakeAll(null);
    }
    socket.abort();
  }

  @Override
  public boolean isClosing() {
    return closeRequested || dead || socket.isClosing();
  }

  @Override
  public Task<Void> closed() {
    return socket.closed();
  }

  @Override
  public InetSocketAddress peerAddress() {
    return socket.peerAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return socket.localAddress();
  }

  @Override
  public SSLSession sslSession() {
    return handshakeDone ? engine.getSession() : null;
  }

  @Override
  public void pauseReading() {
    socket.pauseReading();
  }

  @Override
  public void resumeReading() {
    socket.resumeReading();
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** The thread's scratch buffer {@code i}, at least {@code min} bytes. */
  private static ByteBuffer scratch(final int i, final int min) {
    ByteBuffer[] s = SCRATCH.get();
    ByteBuffer b = s[i];
    if (b == null || b.capacity() < min) {
      s[i] = b = ByteBuffer.allocate(min);
    }
    return b;
  }

  private static void grow(final int i, final int min) {
    scratch(i, min);
  }

  private void checkLoop(final String what) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException(what + "() on a TLS StreamWriter must run on its event loop's thread, not on "
          + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "SslTransport[" + socket + ", " + engine.getSession().getProtocol()
        + (handshakeDone ? "" : ", handshaking") + (dead ? ", dead" : "") + "]";
  }
}
