package dev.weft;

import java.util.Arrays;
import java.util.Objects;

/**
 * The async stack trace of a failure: the chain of {@code @Async} callers that were suspended awaiting it when it
 * reached them (method, file and line of each {@code await}), innermost first and outermost last, as a synchronous
 * stack trace reads. The runtime attaches one to the original exception, as a suppressed exception, the first time
 * the failure reaches an awaiting caller, and extends that same one as it travels further up. The exception itself
 * is never copied or wrapped (an awaiter catches the very object that was thrown) and its own frames are untouched.
 *
 * <pre>
 * java.io.IOException: connection reset
 *     at shop.Client.read(Client.java:88)
 *     ...
 *     Suppressed: dev.weft.AsyncStackTrace: awaited by
 *         at shop.Cart.load(Cart.java:42)
 *         at shop.Main.main0(Main.java:17)
 * </pre>
 *
 * <pre>{@code
 * } catch (IOException e) {
 *   AsyncStackTrace chain = AsyncStackTrace.of(e);      // null when the failure never crossed an await
 * }
 * }</pre>
 *
 * <p>Cost: nothing on the success path and nothing per await; at failure, one element per awaiting caller it reaches
 * (an await of an already-failed task, which does not suspend, adds none: that caller's frame is in the exception's
 * own trace when it threw synchronously). At most {@value #MAX_FRAMES} callers are kept, the innermost. On by
 * default; {@code -Ddev.weft.asyncStackTraces=false} turns it off. Cancellations ({@link CancelledException}) carry
 * none. An exception object thrown by several tasks (a shared, preallocated one) collects the callers of each.
 *
 * <p>Threads: any; appending is serialised. The frames are read with {@link #getStackTrace()}.
 */
public final class AsyncStackTrace extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The most awaiting callers one chain keeps (the JVM keeps 1024 frames of a synchronous trace by default). */
  public static final int MAX_FRAMES = 1024;

  private static final StackTraceElement[] NONE = {};

  /** Serialises appends: a failed task awaited from two loops is extended from two threads. Failure path only. */
  private static final Object LOCK = new Object();

  private AsyncStackTrace() {
    super("awaited by", null, false, true); // no suppression of its own; a stack trace we set, never fill
    setStackTrace(NONE);
  }

  /** No frames of its own: the trace is the chain of awaiting callers, set by {@link #appendTo}. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /**
   * The async stack trace attached to an exception.
   *
   * @param failure the exception; not null
   * @return its chain of awaiting callers, or null when it never reached a suspended caller
   */
  public static AsyncStackTrace of(final Throwable failure) {
    for (Throwable s : failure.getSuppressed()) {
      if (s instanceof AsyncStackTrace a) {
        return a;
      }
    }
    return null;
  }

  /**
   * Appends an awaiting caller to the chain of {@code failure}, attaching the chain first if it has none. Called by
   * the runtime when a failure reaches a suspended {@code @Async} caller; public for the runtime's internal package
   * (and for bridges that resume Weft code with a failure of their own). An exception whose suppression is
   * disabled takes none.
   *
   * @param failure the original exception; not null
   * @param caller the awaiting caller's method, file and await line; not null
   */
  public static void appendTo(final Throwable failure, final StackTraceElement caller) {
    Objects.requireNonNull(caller, "caller");
    if (failure instanceof AsyncStackTrace) {
      return;
    }
    synchronized (LOCK) {
      AsyncStackTrace trace = of(failure);
      if (trace == null) {
        trace = new AsyncStackTrace();
        failure.addSuppressed(trace);
      }
      StackTraceElement[] frames = trace.getStackTrace();
      if (frames.length < MAX_FRAMES) {
        StackTraceElement[] more = Arrays.copyOf(frames, frames.length + 1);
        more[frames.length] = caller;
        trace.setStackTrace(more);
      }
    }
  }
}
