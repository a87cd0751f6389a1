package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.loop.EventLoop;
import dev.weft.loop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A connected, non-blocking {@link SocketChannel} on the loop's selector (asyncio's
 * {@code _SelectorSocketTransport}): the one place that reads, writes, changes interest ops and closes the socket.
 *
 * <p>Interest ops, kept in {@link #interest} and pushed to the key only when they change:
 * <ul>
 *   <li>{@code OP_READ} while the reader wants bytes: not paused by backpressure, no EOF yet, not closing.</li>
 *   <li>{@code OP_WRITE} only while the outgoing buffer is not empty. A write first tries the socket at once and
 *       buffers only what it did not take (Netty and asyncio: try first, register interest only if it would
 *       block, unregister when done).</li>
 * </ul>
 * The key stays registered (possibly with no interest) for the connection's whole life, and is cancelled, with the
 * channel closed, exactly once in {@link #release}.
 *
 * <p>Writes: bytes the socket does not take go to {@link #out}, a queue of heap arrays (copies: the caller may
 * reuse its array). Flushing copies up to 64 KiB from the queue into the loop's direct buffer per system call. Once
 * more than the high-water mark is buffered, {@code drain()} suspends until the buffer is down to the low-water mark.
 *
 * <pre>
 *   OPEN ──close()──► CLOSING (no reads; flushing) ──buffer empty──► CLOSED
 *     │  ──abort() / loop closes──────────────────────────────────► CLOSED (buffer dropped)
 *     └──I/O error (reset, broken pipe)───────────────────────────► CLOSED, lost: reads and drain() fail with it
 * </pre>
 * {@link #closed()} completes after the loop's next select following the close: the selector deregisters the key
 * then, which is when the JDK releases the file descriptor.
 *
 * <p>Threads: loop thread only (the public methods of the reader and writer check it).
 */
final class SocketTransport implements StreamTransport, IoHandler {

  private final EventLoop loop;
  private final SocketChannel channel;
  /** Where incoming bytes go: the stream reader, or a TLS layer. */
  private final ByteSink sink;
  private final int highWater;
  private final int lowWater;
  private final InetSocketAddress peer;
  private final InetSocketAddress local;
  private final Promise<Void> closedPromise = new Promise<>();
  private SelectionKey key;
  /** The interest set last given to the key. */
  private int interest;

  /** Outgoing bytes: {@code out.peekFirst()[outHead..]} then the other arrays whole. */
  private final ArrayDeque<byte[]> out = new ArrayDeque<>();
  private int outHead;
  private long outBytes;
  /** Above the high-water mark since the last time the buffer fell to the low-water mark. */
  private boolean writePaused;
  /** Tasks suspended in {@code drain()}; null until the first one. */
  private final DrainWaiters drainWaiters = new DrainWaiters();

  private boolean readPaused;
  private boolean eofReceived;
  private boolean shutdownRequested;
  private boolean outputShut;
  /** close() or abort() was called here. */
  private boolean closing;
  /** The channel is closed. */
  private boolean released;
  /** Why the connection was lost, if it was. */
  private IOException lost;

  private SocketTransport(final EventLoop loop, final SocketChannel channel, final ByteSink sink,
      final StreamOptions options) throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.sink = sink;
    this.highWater = options.highWater();
    this.lowWater = options.lowWater();
    this.peer = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Wraps a connected channel into a reader, a writer and a transport, and starts reading. On failure the channel
   * is closed.
   *
   * @param loop the calling loop; not null
   * @param channel a connected channel; made non-blocking here
   * @param key the channel's key on this loop (from connecting), or null to register it
   * @param options buffer limits; not null
   * @return the connection
   * @throws IOException if the channel cannot be set up (it is closed then)
   */
  static TcpConnection open(final EventLoop loop, final SocketChannel channel, final SelectionKey key,
      final StreamOptions options) throws IOException {
    StreamReader reader = new StreamReader(loop, options.readLimit());
    SocketTransport t = attach(loop, channel, key, options, new ByteSink.Reader(reader));
    reader.bind(t);
    return new TcpConnection(reader, new StreamWriter(t));
  }

  /**
   * Makes a transport for a connected channel that feeds {@code sink}, and starts reading (the TLS layer sits on
   * such a transport). On failure the channel is closed.
   *
   * @param loop the calling loop; not null
   * @param channel a connected channel; made non-blocking here
   * @param key the channel's key on this loop (from connecting), or null to register it
   * @param options buffer limits; not null
   * @param sink receives incoming bytes, EOF and errors; not null
   * @return the transport, reading
   * @throws IOException if the channel cannot be set up (it is closed then)
   */
  static SocketTransport attach(final EventLoop loop, final SocketChannel channel, final SelectionKey key,
      final StreamOptions options, final ByteSink sink) throws IOException {
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SocketTransport t = new SocketTransport(loop, channel, sink, options);
      t.interest = SelectionKey.OP_READ;
      if (key == null) {
        t.key = loop.register(channel, SelectionKey.OP_READ, t);
      } else {
        t.key = key;
        key.attach(t);
        key.interestOps(SelectionKey.OP_READ);
      }
      return t;
    } catch (IOException | RuntimeException e) {
      Channels.closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  // ---- readiness ------------------------------------------------------------------------------------------

  @Override
  public void ready(final SelectionKey k) {
    int ops = k.readyOps();
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      flush(); // first: it frees buffer space, and may close the channel
    }
    if ((ops & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0 && !released) {
      readSome();
    }
  }

  @Override
  public void loopClosing(final SelectionKey k) {
    abort();
  }

  @Override
  public void rekeyed(final SelectionKey k) {
    key = k; // the loop rebuilt its selector
  }

  /** One read into the loop's buffer, handed to the sink (the reader, or the TLS layer). */
  private void readSome() {
    ByteBuffer b = loop.ioBuffer();
    b.clear();
    int n;
    try {
      n = channel.read(b);
    } catch (IOException e) {
      lose(e);
      return;
    }
    if (n > 0) {
      b.flip();
      sink.feed(b);
    } else if (n < 0) {
      eofReceived = true;
      updateInterest();
      sink.feedEof(); // the socket stays open: the writer may still send (half-close)
    }
  }

  // ---- writing --------------------------------------------------------------------------------------------

  @Override
  public void write(final byte[] data, final int offset, final int length) {
    checkLoop("write");
    if (closing) {
      throw new IllegalStateException("write() after close() or abort()");
    }
    if (shutdownRequested) {
      throw new IllegalStateException("write() after shutdownOutput()");
    }
    if (released || length == 0) {
      return; // lost: the bytes go nowhere, and drain() reports why
    }
    int off = offset;
    int len = length;
    if (out.isEmpty()) {
      int n;
      try {
        n = writeNow(data, off, len);
      } catch (IOException e) {
        lose(e);
        return;
      }
      if (n == len) {
        return; // the usual case: no buffering, no interest change
      }
      off += n;
      len -= n;
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    out.addLast(copy);
    outBytes += len;
    if (outBytes > highWater) {
      writePaused = true;
    }
    updateInterest();
  }

  /** Writes from a caller's array through the loop's buffer until the socket stops taking bytes. */
  private int writeNow(final byte[] data, final int offset, final int length) throws IOException {
    ByteBuffer b = loop.ioBuffer();
    int done = 0;
    while (done < length) {
      int chunk = Math.min(length - done, b.capacity());
      b.clear();
      b.put(data, offset + done, chunk);
      b.flip();
      int n = channel.write(b);
      done += n;
      if (n < chunk) {
        break;
      }
    }
    return done;
  }

  /** The socket is writable: write from the queue until it is empty or the socket is full. */
  private void flush() {
    ByteBuffer b = loop.ioBuffer();
    while (!out.isEmpty()) {
      b.clear();
      int skip = outHead;
      for (byte[] chunk : out) {
        int k = Math.min(b.remaining(), chunk.length - skip);
        b.put(chunk, skip, k);
        skip = 0;
        if (!b.hasRemaining()) {
          break;
        }
      }
      b.flip();
      int want = b.remaining();
      int n;
      try {
        n = channel.write(b);
      } catch (IOException e) {
        lose(e);
        return;
      }
      consume(n);
      if (n < want) {
        break;
      }
    }
    afterFlush();
  }

  private void consume(final int written) {
    outBytes -= written;
    int n = written;
    while (n > 0) {
      byte[] first = out.peekFirst();
      int rest = first.length - outHead;
      if (n >= rest) {
        out.pollFirst();
        outHead = 0;
        n -= rest;
      } else {
        outHead += n;
        n = 0;
      }
    }
  }

  private void afterFlush() {
    if (out.isEmpty()) {
      if (closing) {
        release(null);
        return;
      }
      if (shutdownRequested && !outputShut) {
        shutdownNow();
        if (released) {
          return;
        }
      }
    }
    if (writePaused && outBytes <= lowWater) {
      writePaused = false;
      drainWaiters.wakeAll(null);
    }
    updateInterest();
  }

  @Override
  public Task<Void> drain() {
    checkLoop("drain");
    if (lost != null) {
      return DoneTask.failed(lost);
    }
    if (released || !writePaused) {
      return Weft.done();
    }
    return drainWaiters.add();
  }

  @Override
  public long bufferedBytes() {
    return outBytes;
  }

  // ---- closing --------------------------------------------------------------------------------------------

  @Override
  public void shutdownOutput() {
    checkLoop("shutdownOutput");
    if (closing || released || shutdownRequested) {
      return;
    }
    shutdownRequested = true;
    if (out.isEmpty()) {
      shutdownNow();
    }
  }

  private void shutdownNow() {
    try {
      channel.shutdownOutput();
      outputShut = true;
    } catch (IOException e) {
      lose(e);
    }
  }

  @Override
  public void close() {
    checkLoop("close");
    if (closing || released) {
      return;
    }
    closing = true;
    sink.feedEof(); // nothing more will be read
    if (out.isEmpty()) {
      release(null);
    } else {
      updateInterest(); // reading stops; writing goes on until the buffer is empty
    }
  }

  @Override
  public void abort() {
    checkLoop("abort");
    closing = true;
    if (released) {
      return;
    }
    out.clear();
    outHead = 0;
    outBytes = 0;
    sink.feedEof();
    release(null);
  }

  /** The connection broke: every reader and drainer learns why, then the socket goes. */
  private void lose(final IOException e) {
    if (released) {
      return;
    }
    lost = e;
    out.clear();
    outHead = 0;
    outBytes = 0;
    sink.fail(e);
    release(e);
  }

  /** Cancels the key and closes the channel, exactly once; wakes drainers; schedules {@link #closed()}. */
  private void release(final IOException error) {
    if (released) {
      return;
    }
    released = true;
    if (key != null) {
      key.cancel();
    }
    Channels.closeQuietly(channel);
    drainWaiters.wakeAll(error);
    Channels.afterNextSelect(loop, () -> closedPromise.complete(null)); // once the descriptor is really gone
  }

  @Override
  public boolean isClosing() {
    return closing || released;
  }

  @Override
  public Task<Void> closed() {
    return closedPromise;
  }

  @Override
  public InetSocketAddress peerAddress() {
    return peer;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  // ---- interest -------------------------------------------------------------------------------------------

  @Override
  public void pauseReading() {
    readPaused = true;
    updateInterest();
  }

  @Override
  public void resumeReading() {
    readPaused = false;
    updateInterest();
  }

  /** Pushes the interest set the state calls for to the key, if it changed. */
  private void updateInterest() {
    if (released) {
      return;
    }
    int want = (!readPaused && !eofReceived && !closing ? SelectionKey.OP_READ : 0)
        | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
    if (want != interest) {
      interest = want;
      key.interestOps(want);
    }
  }

  private void checkLoop(final String what) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException(what + "() on a StreamWriter must run on its event loop's thread, not on "
          + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "SocketTransport[" + local + " -> " + peer + ", " + outBytes + " bytes out"
        + (released ? ", closed" : closing ? ", closing" : "") + (lost != null ? ", lost: " + lost : "") + "]";
  }
}
