package dev.weft.loop;

import dev.weft.internal.LoopTasks;
import dev.weft.internal.Unhandled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded event loop on a {@link Selector}: it runs resumptions, callbacks, timers and I/O handlers,
 * all on one thread. {@code Weft.run} creates one per call and drives it on the calling thread; most code never
 * touches it directly.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.current();               // null off any loop
 * loop.execute(() -> promise.complete(v));             // from any thread
 * TimerHandle h = loop.schedule(Duration.ofSeconds(1), this::tick);   // loop thread
 * }</pre>
 *
 * <p>One turn:
 * <ol>
 *   <li>I/O: {@code selectNow()} when work is ready; otherwise {@code select(timeout)} until the next timer (or
 *       until woken): the only place the loop ever waits. Ready keys' {@link IoHandler}s run.</li>
 *   <li>Collect: move work submitted from other threads into the ready queue; fire due timers (timers added while
 *       firing wait for the next turn).</li>
 *   <li>Run the ready queue, but only what was in it when this step began (work it adds runs next turn: this is
 *       what makes {@code spawn} start "on a later turn" and {@code sleep(0)} yield exactly one turn), and at
 *       most for a time budget: the queue is checked every {@value #BUDGET_CHECK_EVERY} entries and the turn ends
 *       once {@value #RUN_BUDGET_NANOS} ns have passed.</li>
 * </ol>
 * I/O latency bound: a ready channel is noticed at the next {@code selectNow}, so at most one turn later: about
 * {@value #RUN_BUDGET_NANOS} ns of ready work plus {@value #BUDGET_CHECK_EVERY} entries beyond it (plus the
 * longest single callback, which the loop cannot interrupt).
 *
 * <p>Queues: the ready queue is an {@code ArrayDeque} touched by the loop thread only; other threads submit
 * through a lock-free {@link ConcurrentLinkedQueue} and a deduplicated selector wake-up ({@link LoopWakeup}).
 *
 * <p>Channels: handlers registered with {@link #register} own their channels; when the loop closes, every channel
 * still registered is handed to its handler's {@link IoHandler#loopClosing} (which closes it by default) before the
 * selector closes, so no socket outlives its loop. The loop also lends its I/O code one direct buffer
 * ({@link #ioBuffer()}), so reads and writes cost no per-call native copy buffer.
 *
 * <p>Threads: {@link #execute}, {@link #current()}, {@link #inLoopThread()} and {@link #isClosed()} from any
 * thread; everything else on the loop thread. Nulls: no argument may be null.
 */
public final class EventLoop implements Executor {

  /** Time budget for running ready work before the loop looks at I/O again. */
  public static final long RUN_BUDGET_NANOS = 1_000_000L;

  /** How many ready entries run between two reads of the clock for the budget. */
  public static final int BUDGET_CHECK_EVERY = 64;

  /** Capacity of the loop's shared direct I/O buffer ({@link #ioBuffer()}): the most one socket read takes. */
  public static final int IO_BUFFER_SIZE = 64 * 1024;

  /** The longest delay a timer accepts (about 73 years); longer ones are clamped, not overflowed. */
  public static final long MAX_DELAY_NANOS = Long.MAX_VALUE >>> 2;

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

  private final Clock clock;
  private final Selector selector;
  private final LoopWakeup wakeup;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final TimerQueue timers = new TimerQueue();
  private final LoopTasks tasks = new LoopTasks(this);
  /** The shared direct buffer for socket I/O; allocated on first use (loops without sockets never pay for it). */
  private ByteBuffer ioBuffer;
  /** The thread running the loop; null before {@link #bind()} and after {@link #close()}. */
  private volatile Thread thread;
  private volatile boolean closed;

  /** A loop on the system clock. */
  public EventLoop() {
    this(Clock.SYSTEM);
  }

  /**
   * A loop on a given clock (tests drive timers with a manual one).
   *
   * @param clock the time source; not null
   * @throws UncheckedIOException if no selector can be opened
   */
  public EventLoop(final Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the event loop", e);
    }
    this.wakeup = new LoopWakeup(selector);
  }

  /**
   * The loop the calling thread runs.
   *
   * @return the loop, or null when this thread runs none
   */
  public static EventLoop current() {
    return CURRENT.get();
  }

  /** @return true when called on this loop's thread */
  public boolean inLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** @return true once {@link #close()} ran */
  public boolean isClosed() {
    return closed;
  }

  /** @return the loop's clock reading, in nanoseconds */
  public long nanoTime() {
    return clock.nanoTime();
  }

  /**
   * Runs {@code task} on the loop thread, on a later turn, in submission order (per submitting thread). From the
   * loop thread this appends to the ready queue; from any other thread it goes through the submission queue and
   * wakes the selector if needed. Work submitted to a closed loop is dropped with a log line.
   *
   * @param task the work; not null
   */
  @Override
  public void execute(final Runnable task) {
    Objects.requireNonNull(task, "task");
    if (Thread.currentThread() == thread) {
      ready.addLast(task);
      return;
    }
    if (closed) {
      rejected(task);
      return;
    }
    inbox.add(task);
    wakeup.wakeup();
    if (closed && inbox.remove(task)) {
      rejected(task); // lost the race with close(): nobody will drain the inbox again
    }
  }

  /**
   * Runs {@code action} on the loop thread once {@code delay} has passed. Delays of zero or less fire on the
   * next turn; longer than {@link #MAX_DELAY_NANOS} are clamped. Loop thread only.
   *
   * @param delay the delay
   * @param unit its unit; not null
   * @param action the work; not null
   * @return a handle to cancel the timer
   */
  public TimerHandle schedule(final long delay, final TimeUnit unit, final Runnable action) {
    Objects.requireNonNull(action, "action");
    checkLoopThread("schedule");
    long nanos = Math.min(Math.max(0, unit.toNanos(delay)), MAX_DELAY_NANOS);
    return timers.add(this, clock.nanoTime() + nanos, action);
  }

  /**
   * As {@link #schedule(long, TimeUnit, Runnable)}.
   *
   * @param delay the delay; not null
   * @param action the work; not null
   * @return a handle to cancel the timer
   */
  public TimerHandle schedule(final Duration delay, final Runnable action) {
    return schedule(saturatedNanos(delay), TimeUnit.NANOSECONDS, action);
  }

  /**
   * Registers a channel with the loop's selector; the handler runs when it is ready. Loop thread only.
   *
   * @param channel a non-blocking channel; not null
   * @param ops interest set ({@code SelectionKey.OP_*})
   * @param handler called on readiness; not null
   * @return the key, to change interest or cancel
   * @throws ClosedChannelException if the channel is closed
   */
  public SelectionKey register(final SelectableChannel channel, final int ops, final IoHandler handler)
      throws ClosedChannelException {
    Objects.requireNonNull(handler, "handler");
    checkLoopThread("register");
    return channel.register(selector, ops, handler);
  }

  /**
   * The number of keys in the selector's key set: channels registered with this loop, plus channels closed or keys
   * cancelled since the last select (the selector drops those, and releases their file descriptors, at its next
   * select, which is at most one turn later). Tests use it to check that nothing is left registered. Loop thread
   * only.
   *
   * @return the size of the selector's key set
   */
  public int keyCount() {
    checkLoopThread("keyCount");
    return selector.keys().size();
  }

  /**
   * A direct buffer of {@link #IO_BUFFER_SIZE} bytes that the loop lends to its I/O code (the streams of
   * {@code dev.weft.net}): a socket read lands here and is copied into small heap arrays, and a write is copied here
   * on its way out, so the JDK never needs a temporary native buffer of its own. Its contents are scratch: a user
   * clears it, fills it and uses it within one call that runs no foreign code, and keeps no reference.
   * Loop thread only.
   *
   * @return the loop's I/O buffer, position and limit unspecified
   */
  public ByteBuffer ioBuffer() {
    assert inLoopThread();
    ByteBuffer b = ioBuffer;
    if (b == null) {
      ioBuffer = b = ByteBuffer.allocateDirect(IO_BUFFER_SIZE);
    }
    return b;
  }

  /**
   * The runtime's bookkeeping of this loop's tasks. Not API.
   *
   * @return the loop's task registry
   */
  public LoopTasks tasks() {
    return tasks;
  }

  /** Nanoseconds in a duration, saturating instead of overflowing. */
  static long saturatedNanos(final Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  // ---- lifecycle (LoopRunner) -----------------------------------------------------------------------------

  /** Makes the calling thread this loop's thread. */
  void bind() {
    if (CURRENT.get() != null) {
      throw new IllegalStateException("this thread already runs an event loop");
    }
    if (thread != null || closed) {
      throw new IllegalStateException("this event loop is already bound or closed");
    }
    thread = Thread.currentThread();
    CURRENT.set(this);
    dev.weft.internal.TaskDump.loopStarted(this); // task dumps (Weft.dumpTasks, JMX, signal) find running loops
  }

  /** Runs turns until {@code done} says so. */
  void runUntil(final java.util.function.BooleanSupplier done) {
    checkLoopThread("run");
    while (!done.getAsBoolean()) {
      runOnce();
    }
  }

  /**
   * Cancels every live task and runs turns until none is left (their {@code finally} blocks run; tasks they
   * spawn are cancelled in turn).
   */
  void shutdown() {
    checkLoopThread("shutdown");
    long seen = -1;
    while (tasks.size() > 0) {
      if (tasks.additions() != seen) {
        seen = tasks.additions();
        tasks.cancelAllOnce();
      }
      runOnce();
    }
  }

  /** Reports unretrieved failures, drops leftover work, closes the selector and unbinds the thread. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      releaseChannels();
      if (inLoopThread()) {
        // Work submitted during the last turn (callbacks of tasks that just finished) still runs, once.
        drainInbox();
        runReady(Integer.MAX_VALUE);
      }
      tasks.reportUnobserved();
      int dropped = ready.size() + inbox.size();
      if (dropped > 0) {
        LOG.log(System.Logger.Level.DEBUG, "event loop closed with {0} queued callbacks dropped", dropped);
      }
      ready.clear();
      inbox.clear();
      timers.clear();
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the event loop's selector failed", e);
      }
      if (CURRENT.get() == this) {
        CURRENT.remove();
      }
      dev.weft.internal.TaskDump.loopStopped(this);
      thread = null;
    }
  }

  /**
   * Hands every channel still registered to its handler's {@link IoHandler#loopClosing} (closing it by default).
   * Runs before the selector closes; {@code Selector.close()} then deregisters the keys, which is when the JDK
   * releases the file descriptors of the channels closed here.
   */
  private void releaseChannels() {
    SelectionKey[] keys;
    try {
      keys = selector.keys().toArray(new SelectionKey[0]);
    } catch (RuntimeException e) {
      return; // the selector is already closed
    }
    for (SelectionKey key : keys) {
      try {
        if (key.attachment() instanceof IoHandler h) {
          h.loopClosing(key);
        } else {
          key.channel().close();
        }
      } catch (Throwable t) {
        Unhandled.report(t);
      }
    }
  }

  TimerQueue timers() {
    return timers;
  }

  // ---- one turn -------------------------------------------------------------------------------------------

  /** One turn: I/O, collect, run ready. Loop thread. */
  void runOnce() {
    int selected = select();
    if (selected > 0) {
      processSelectedKeys();
    }
    drainInbox();
    timers.runDue(clock.nanoTime());
    runReady(ready.size());
  }

  private int select() {
    try {
      if (!ready.isEmpty() || !inbox.isEmpty()) {
        return selector.selectNow();
      }
      wakeup.beforeBlocking();
      try {
        if (!inbox.isEmpty()) {
          return selector.selectNow(); // see LoopWakeup: work that slipped in before the flag was cleared
        }
        long wait = timers.nanosUntilNext(clock.nanoTime());
        if (wait < 0) {
          return selector.select();
        }
        if (wait == 0) {
          return selector.selectNow();
        }
        return selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
      } finally {
        wakeup.afterBlocking();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "select failed; the loop goes on", e);
      return 0;
    }
  }

  private void processSelectedKeys() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      if (key.isValid() && key.attachment() instanceof IoHandler h) {
        try {
          h.ready(key);
        } catch (Throwable t) {
          Unhandled.report(t);
        }
      }
    }
  }

  private void drainInbox() {
    Runnable r;
    while ((r = inbox.poll()) != null) {
      ready.addLast(r);
    }
  }

  private void runReady(final int max) {
    long start = System.nanoTime(); // the budget is real time, whatever the injected clock says
    for (int i = 1; i <= max; i++) {
      Runnable r = ready.pollFirst();
      if (r == null) {
        return;
      }
      runSafely(r);
      if (i % BUDGET_CHECK_EVERY == 0 && System.nanoTime() - start >= RUN_BUDGET_NANOS) {
        return;
      }
    }
  }

  static void runSafely(final Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      Unhandled.report(t);
    }
  }

  private void checkLoopThread(final String what) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(what + "() must be called on the event loop's thread ("
          + (thread == null ? "the loop is not running" : thread.getName()) + "), not on "
          + Thread.currentThread().getName());
    }
  }

  private void rejected(final Runnable task) {
    LOG.log(System.Logger.Level.WARNING, "event loop closed; dropped {0}", task);
  }

  @Override
  public String toString() {
    Thread t = thread;
    return "EventLoop[" + (closed ? "closed" : t == null ? "not running" : "on " + t.getName()) + "]";
  }
}
