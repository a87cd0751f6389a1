package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.loop.EventLoop;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The incoming side of a connection (asyncio's {@code StreamReader}): reads that complete when enough bytes have
 * arrived, in straight-line {@code @Async} code.
 *
 * <pre>{@code
 * byte[] line = await(reader.readLine());          // up to and including '\n'; empty at EOF
 * byte[] body = await(reader.readExactly(length)); // IncompleteReadException at an early EOF
 * byte[] rest = await(reader.readAll());           // everything up to EOF
 * }</pre>
 *
 * <table>
 *   <caption>Operations</caption>
 *   <tr><th>call</th><th>completes with</th><th>at EOF</th></tr>
 *   <tr><td>{@code read(max)}</td><td>1 to {@code max} bytes, as soon as any are there</td><td>the rest, then
 *       empty arrays</td></tr>
 *   <tr><td>{@code readExactly(n)}</td><td>exactly {@code n} bytes</td><td>{@link IncompleteReadException}
 *       with the bytes there were</td></tr>
 *   <tr><td>{@code readUntil(sep)}</td><td>the bytes up to and including {@code sep}</td>
 *       <td>{@link IncompleteReadException} with the bytes there were</td></tr>
 *   <tr><td>{@code readLine()}</td><td>{@code readUntil("\n")}</td><td>the bytes there were (possibly
 *       none)</td></tr>
 *   <tr><td>{@code readAll()}</td><td>everything up to EOF (unbounded)</td><td>the rest</td></tr>
 * </table>
 *
 * <p>Limit: {@code readUntil} and {@code readLine} fail with {@link LimitOverrunException} rather than buffer
 * more than {@link #limit()} bytes looking for the separator; nothing is consumed then, so the bytes stay readable.
 * Backpressure: when more than twice the limit is buffered and no read waits, the reader asks its transport to stop
 * reading the socket (the peer's sends then block in TCP), and resumes once a read waits or the buffer is down to
 * the limit.
 *
 * <p>Errors: when the connection is lost (a reset, say), the waiting read and every later one fail with that
 * {@code IOException} (as asyncio, at once, even with bytes still buffered). Bytes are consumed only by a read that
 * completes; a read whose task is cancelled while it waits consumes nothing. One limitation: a read that has
 * completed, but whose awaiting task is cancelled before it resumes, takes its bytes with it.
 *
 * <p>Buffering: socket reads land in the loop's shared direct buffer and are copied into one heap array per reader
 * (grown as needed, compacted in place, dropped when empty and large). When a {@code read(max)} waits on an empty
 * buffer, bytes go straight from the direct buffer into the array it returns.
 *
 * <p>Threads: loop thread only; one read at a time (a second read while one waits: {@code IllegalStateException}).
 * Nulls: no argument may be null; results are never null.
 */
public final class StreamReader {

  private static final byte[] EMPTY = {};
  private static final byte[] NEWLINE = {'\n'};
  /** The first buffer allocated, in bytes. */
  private static final int MIN_CAPACITY = 4096;
  /** An emptied buffer larger than this is dropped, so idle connections hold no memory after a burst. */
  private static final int KEEP_CAPACITY = 16 * 1024;

  private static final int READ = 0;
  private static final int EXACTLY = 1;
  private static final int UNTIL = 2;
  private static final int LINE = 3;
  private static final int ALL = 4;

  private final EventLoop loop;
  private final int limit;
  /** Asked to pause and resume reading; null until the transport binds itself. */
  private StreamTransport transport;

  /** Buffered bytes are {@code buf[head..tail)}. */
  private byte[] buf = EMPTY;
  private int head;
  private int tail;
  /** How far a waiting {@code readUntil} has searched without finding its separator, from {@code head}. */
  private int searched;

  private boolean eof;
  /** Why the connection was lost; every read fails with it. */
  private Throwable error;
  /** True while the transport is asked not to read. */
  private boolean paused;
  /** The read waiting for bytes; its promise may have been cancelled meanwhile (see {@link #waiting()}). */
  private Pending pending;
  /** Bytes fed so far (for idle detection). */
  private long received;

  /**
   * A reader fed by a transport on {@code loop}.
   *
   * @param loop the loop; not null
   * @param limit see {@link StreamOptions#withReadLimit}; at least 1
   */
  StreamReader(final EventLoop loop, final int limit) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.limit = limit;
  }

  /** Called once by the transport that feeds this reader. */
  void bind(final StreamTransport t) {
    this.transport = t;
  }

  // ---- reads ----------------------------------------------------------------------------------------------

  /**
   * Up to {@code max} bytes: as many as are buffered (at least one), or, when none are, the next bytes to arrive.
   *
   * @param max the most bytes to return; 0 returns an empty array at once
   * @return a task of 1 to {@code max} bytes, or of an empty array at EOF
   * @throws IllegalArgumentException if {@code max < 0}
   * @throws IllegalStateException off the loop thread, or while another read waits
   */
  public Task<byte[]> read(final int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
    }
    return start(READ, max, null);
  }

  /**
   * Exactly {@code n} bytes.
   *
   * @param n how many bytes; 0 returns an empty array at once
   * @return a task of {@code n} bytes; it fails with {@link IncompleteReadException} (carrying the bytes that did
   *     arrive, which are consumed) when EOF comes first
   * @throws IllegalArgumentException if {@code n < 0}
   * @throws IllegalStateException off the loop thread, or while another read waits
   */
  public Task<byte[]> readExactly(final int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
    }
    return start(EXACTLY, n, null);
  }

  /**
   * One line: the bytes up to and including the next {@code '\n'}. At EOF, the bytes there were without a newline
   * (an empty array once nothing is left), as asyncio's {@code readline}.
   *
   * @return a task of the line; it fails with {@link LimitOverrunException} when no newline comes within
   *     {@link #limit()} bytes (nothing consumed)
   * @throws IllegalStateException off the loop thread, or while another read waits
   */
  public Task<byte[]> readLine() {
    return start(LINE, 0, NEWLINE);
  }

  /**
   * The bytes up to and including the next occurrence of {@code separator}.
   *
   * @param separator the separator; not empty; not copied, so do not change it while the read waits
   * @return a task of the bytes; it fails with {@link LimitOverrunException} when the separator does not start
   *     within {@link #limit()} bytes (nothing consumed), or with {@link IncompleteReadException} at EOF before it
   * @throws IllegalArgumentException if the separator is empty
   * @throws IllegalStateException off the loop thread, or while another read waits
   */
  public Task<byte[]> readUntil(final byte[] separator) {
    if (separator.length == 0) {
      throw new IllegalArgumentException("separator: empty (expected: at least one byte)");
    }
    return start(UNTIL, 0, separator);
  }

  /**
   * Everything up to EOF. Unbounded: it buffers the whole rest of the stream.
   *
   * @return a task of the bytes (empty if none were left)
   * @throws IllegalStateException off the loop thread, or while another read waits
   */
  public Task<byte[]> readAll() {
    return start(ALL, 0, null);
  }

  /**
   * Whether the stream is finished: the peer closed its side (or the connection was closed here) and every byte
   * has been read.
   *
   * @return true at EOF with nothing buffered
   */
  public boolean atEof() {
    checkLoop("atEof");
    return eof && head == tail;
  }

  /** @return the number of bytes received and not yet read */
  public int buffered() {
    checkLoop("buffered");
    return tail - head;
  }

  /** @return this reader's limit in bytes (see {@link StreamOptions#withReadLimit}) */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "StreamReader[" + (tail - head) + " buffered" + (eof ? ", eof" : "") + (paused ? ", paused" : "")
        + (error != null ? ", failed: " + error : "") + "]";
  }

  // ---- the transport's side -------------------------------------------------------------------------------

  /**
   * Bytes arrived: complete the waiting read if it can be, buffer the rest, apply backpressure. Runs no user
   * code (completing a promise only queues its awaiter), so {@code src} may be the loop's shared buffer.
   *
   * @param src the bytes, from position to limit; all consumed
   */
  void feed(final ByteBuffer src) {
    received += src.remaining();
    Pending p = waiting();
    if (p != null && head == tail && error == null
        && (p.kind == READ || p.kind == EXACTLY && src.remaining() >= p.n)) {
      // The common case of a read waiting on an empty buffer: straight into the result, no buffering.
      byte[] out = new byte[Math.min(p.n, src.remaining())];
      src.get(out);
      pending = null;
      p.promise.complete(out);
      p = null;
    }
    if (src.hasRemaining()) {
      append(src);
      if (p != null) {
        attemptPending(p);
      }
    }
    updateFlow();
  }

  /** @return bytes received so far, consumed or not */
  long bytesReceived() {
    return received;
  }

  /** The peer closed its side, or the connection was closed here: no more bytes will come. */
  void feedEof() {
    if (eof) {
      return;
    }
    eof = true;
    Pending p = waiting();
    if (p != null) {
      attemptPending(p);
    }
  }

  /** The connection was lost: the waiting read and all later ones fail with {@code e}. */
  void fail(final Throwable e) {
    if (error != null) {
      return;
    }
    error = e;
    eof = true;
    Pending p = waiting();
    if (p != null) {
      attemptPending(p);
    }
  }

  // ---- machinery ------------------------------------------------------------------------------------------

  private Task<byte[]> start(final int kind, final int n, final byte[] separator) {
    checkLoop("a read");
    if (waiting() != null) {
      throw new IllegalStateException(
          "a read was called while another read on this stream is still waiting for data: one reader at a time");
    }
    searched = 0;
    Object r = attempt(kind, n, separator);
    Task<byte[]> t;
    if (r == null) {
      Pending p = new Pending(kind, n, separator);
      pending = p;
      t = p.promise;
    } else if (r instanceof byte[] b) {
      t = Weft.done(b);
    } else {
      t = DoneTask.failed((Throwable) r);
    }
    updateFlow();
    return t;
  }

  /** The waiting read, dropping one whose task was cancelled while it waited. */
  private Pending waiting() {
    Pending p = pending;
    if (p != null && p.promise.isDone()) {
      pending = p = null;
    }
    return p;
  }

  private void attemptPending(final Pending p) {
    Object r = attempt(p.kind, p.n, p.separator);
    if (r == null) {
      return;
    }
    pending = null;
    if (r instanceof byte[] b) {
      p.promise.complete(b);
    } else {
      p.promise.fail((Throwable) r);
    }
  }

  /**
   * Tries a read against the buffer.
   *
   * @return the bytes (consumed), a Throwable to fail with, or null to wait for more
   */
  private Object attempt(final int kind, final int n, final byte[] separator) {
    if (error != null) {
      return error;
    }
    int avail = tail - head;
    switch (kind) {
      case READ:
        if (n == 0) {
          return EMPTY;
        }
        return avail > 0 ? take(Math.min(n, avail)) : eof ? EMPTY : null;
      case EXACTLY:
        if (avail >= n) {
          return take(n);
        }
        return eof ? new IncompleteReadException(take(avail), n) : null;
      case UNTIL:
      case LINE:
        return attemptUntil(separator, kind == LINE, avail);
      default:
        return eof ? take(avail) : null;
    }
  }

  /** readUntil / readLine, with asyncio's limit rules and {@code consumed} figures. */
  private Object attemptUntil(final byte[] sep, final boolean line, final int avail) {
    int at = indexOf(sep, head + searched);
    if (at >= 0) {
      int offset = at - head;
      if (offset > limit) {
        return new LimitOverrunException("separator found, but the chunk before it is longer than the limit of "
            + limit + " bytes", offset);
      }
      return take(offset + sep.length);
    }
    searched = Math.max(0, avail - sep.length + 1);
    if (searched > limit) {
      return new LimitOverrunException("separator not found within the limit of " + limit + " bytes", searched);
    }
    if (eof) {
      byte[] rest = take(avail);
      return line ? rest : new IncompleteReadException(rest, -1);
    }
    return null;
  }

  /** The first index {@code >= from} in the buffer where {@code sep} starts, or -1. */
  private int indexOf(final byte[] sep, final int from) {
    byte first = sep[0];
    int last = tail - sep.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < sep.length; j++) {
        if (buf[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Consumes {@code k} buffered bytes into a new array. */
  private byte[] take(final int k) {
    if (k == 0) {
      return EMPTY;
    }
    byte[] out = Arrays.copyOfRange(buf, head, head + k);
    head += k;
    searched = 0;
    if (head == tail) {
      head = tail = 0;
      if (buf.length > KEEP_CAPACITY) {
        buf = EMPTY;
      }
    }
    return out;
  }

  private void append(final ByteBuffer src) {
    int k = src.remaining();
    int avail = tail - head;
    if (buf.length - tail < k) {
      if (buf.length - avail >= k && buf.length > 0) {
        System.arraycopy(buf, head, buf, 0, avail); // compact in place: room enough once the read part is gone
      } else {
        byte[] grown = new byte[Math.max(Math.max(MIN_CAPACITY, buf.length * 2), avail + k)];
        System.arraycopy(buf, head, grown, 0, avail);
        buf = grown;
      }
      head = 0;
      tail = avail;
    }
    src.get(buf, tail, k);
    tail += k;
  }

  /**
   * Backpressure, with asyncio's hysteresis: pause when more than twice the limit is buffered and no read waits;
   * resume when a read waits (it may need more than is buffered: never deadlock on a large readExactly) or the
   * buffer is down to the limit.
   */
  private void updateFlow() {
    if (transport == null || eof) {
      return;
    }
    int avail = tail - head;
    if (!paused) {
      if (avail > 2 * limit && waiting() == null) {
        paused = true;
        transport.pauseReading();
      }
    } else if (avail <= limit || waiting() != null) {
      paused = false;
      transport.resumeReading();
    }
  }

  private void checkLoop(final String what) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException(what + " on a StreamReader must run on its event loop's thread, not on "
          + Thread.currentThread().getName());
    }
  }

  /** A read waiting for bytes. */
  private static final class Pending {
    final int kind;
    final int n;
    final byte[] separator;
    final Promise<byte[]> promise = new Promise<>();

    Pending(final int kind, final int n, final byte[] separator) {
      this.kind = kind;
      this.n = n;
      this.separator = separator;
    }
  }
}
