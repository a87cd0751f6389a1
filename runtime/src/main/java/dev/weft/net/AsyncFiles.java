package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole-file reads and writes from {@code @Async} code that never block the loop (what Python does with
 * {@code asyncio.to_thread} or aiofiles): the {@code java.nio.file.Files} call runs on a small pool of daemon
 * threads, and its result comes back through the calling loop's queue, so the awaiting task resumes on its loop
 * thread as always.
 *
 * <pre>{@code
 * byte[] config = await(AsyncFiles.readAllBytes(Path.of("app.conf")));
 * await(AsyncFiles.writeString(Path.of("out.txt"), "done\n"));
 * }</pre>
 *
 * <p>Why a pool and not {@code AsynchronousFileChannel}: on Linux the JDK implements that channel with a thread
 * pool anyway (there is no portable non-blocking file I/O), and a whole-file operation is one pool hop here instead
 * of one per chunk. The pool has {@value #THREADS} threads (file I/O gains little from more), an unbounded queue,
 * and idle threads exit after 30 s.
 *
 * <p>Errors: the task fails with the {@code IOException} the {@code Files} method threw ({@code NoSuchFileException},
 * {@code AccessDeniedException}, ...), the original object. Cancellation: a cancelled task completes as cancelled at
 * once; an operation not yet started is skipped, one already running finishes in the background (a write may then
 * still happen: file writes are not interruptible without closing the file half-written).
 *
 * <p>Threads: any thread. On a loop thread, results are delivered through that loop; elsewhere, on the pool thread
 * (the no-loop rules of {@code Weft}). Nulls: no argument may be null.
 */
public final class AsyncFiles {

  /** Threads in the file pool. */
  public static final int THREADS = 4;

  private static final ThreadPoolExecutor POOL;

  static {
    AtomicInteger n = new AtomicInteger();
    POOL = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "weft-files-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    POOL.allowCoreThreadTimeOut(true);
  }

  private AsyncFiles() {
    throw new AssertionError();
  }

  /**
   * Reads a whole file ({@link Files#readAllBytes}).
   *
   * @param path the file; not null
   * @return a task of its bytes
   */
  public static Task<byte[]> readAllBytes(final Path path) {
    Objects.requireNonNull(path, "path");
    return submit(() -> Files.readAllBytes(path));
  }

  /**
   * Reads a whole file as UTF-8 text ({@link Files#readString(Path)}).
   *
   * @param path the file; not null
   * @return a task of its text; it fails with {@code MalformedInputException} if the file is not valid UTF-8
   */
  public static Task<String> readString(final Path path) {
    return readString(path, StandardCharsets.UTF_8);
  }

  /**
   * Reads a whole file as text ({@link Files#readString(Path, Charset)}).
   *
   * @param path the file; not null
   * @param charset its encoding; not null
   * @return a task of its text
   */
  public static Task<String> readString(final Path path, final Charset charset) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(charset, "charset");
    return submit(() -> Files.readString(path, charset));
  }

  /**
   * Writes bytes to a file ({@link Files#write(Path, byte[], OpenOption...)}): by default it is created or
   * truncated. The array is copied now, so the caller may reuse it at once.
   *
   * @param path the file; not null
   * @param data the bytes; not null
   * @param options how to open the file, as {@code Files.write}
   * @return a task completing once the bytes are written (handed to the operating system, not forced to disk)
   */
  public static Task<Void> write(final Path path, final byte[] data, final OpenOption... options) {
    Objects.requireNonNull(path, "path");
    byte[] copy = data.clone();
    OpenOption[] opts = options.clone();
    return submit(() -> {
      Files.write(path, copy, opts);
      return null;
    });
  }

  /**
   * Writes text as UTF-8 ({@link Files#writeString(Path, CharSequence, OpenOption...)}).
   *
   * @param path the file; not null
   * @param text the text; not null; converted to a string now
   * @param options how to open the file, as {@code Files.writeString}
   * @return a task completing once the text is written
   */
  public static Task<Void> writeString(final Path path, final CharSequence text, final OpenOption... options) {
    Objects.requireNonNull(path, "path");
    String s = text.toString();
    OpenOption[] opts = options.clone();
    return submit(() -> {
      Files.writeString(path, s, StandardCharsets.UTF_8, opts);
      return null;
    });
  }

  /**
   * Runs a blocking file operation on the pool; its outcome completes the returned task on the caller's loop.
   *
   * @param op the operation; may throw {@code IOException}
   * @return its task
   */
  private static <T> Task<T> submit(final Callable<T> op) {
    EventLoop loop = EventLoop.current();
    Promise<T> p = new Promise<>();
    POOL.execute(() -> {
      if (p.isDone()) {
        return; // cancelled before it started
      }
      T value = null;
      Throwable error = null;
      try {
        value = op.call();
      } catch (Exception | Error e) { // IOException mostly: handed to the awaiting task, never lost on the pool
        error = e;
      }
      T v = value;
      Throwable err = error;
      Runnable finish = () -> {
        if (err == null) {
          p.complete(v);
        } else {
          p.fail(err);
        }
      };
      if (loop != null && !loop.isClosed()) {
        loop.execute(finish); // completes on the loop thread; a closed loop's tasks are cancelled anyway
      } else {
        finish.run();
      }
    });
    return p;
  }
}
