package dev.weft.loop;

import dev.weft.Task;
import dev.weft.internal.LoopTasks;
import dev.weft.internal.Unhandled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A single-threaded event loop on a {@link Selector}: it runs resumptions, callbacks, timers and I/O handlers,
 * all on one thread. {@code Weft.run} creates one per call and drives it on the calling thread; most code never
 * touches it directly.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.current();                          // null off any loop
 * loop.callSoonThreadsafe(() -> promise.complete(v));             // from any thread (execute() without a handle)
 * TimerHandle h = loop.callLater(Duration.ofSeconds(1), this::tick);   // loop thread
 * long now = loop.time();                                          // the loop's monotonic clock, in ns
 * }</pre>
 *
 * <p>A loop of one's own, served to other threads (asyncio's {@code run_forever} and
 * {@code run_coroutine_threadsafe}):
 * <pre>{@code
 * EventLoop loop = new EventLoop();
 * Thread t = new Thread(() -> { loop.runForever(); loop.close(); }, "weft-loop");
 * t.start();
 * CompletableFuture<String> page = loop.submit(() -> fetch(url));   // fetch is @Async; runs on the loop thread
 * System.out.println(page.join());
 * loop.stop();                                                     // runForever returns; close() cancels what is left
 * }</pre>
 *
 * <p>One turn:
 * <ol>
 *   <li>I/O, when due (below): {@code selectNow()} when work is ready; otherwise {@code select(timeout)} until the
 *       next timer (or until woken): the only place the loop ever waits. Ready keys' {@link IoHandler}s run, then
 *       the actions queued with {@link #afterNextSelect}.</li>
 *   <li>Collect: move work submitted from other threads into the ready queue; fire due timers (timers added while
 *       firing wait for the next turn).</li>
 *   <li>Run the ready queue, but only what was in it when this step began (work it adds runs next turn: this is
 *       what makes {@code spawn} start "on a later turn" and {@code sleep(0)} yield exactly one turn), and at
 *       most until the I/O window below is spent: the clock is read every {@value #BUDGET_CHECK_EVERY} entries.</li>
 * </ol>
 * A turn is a pass over the ready queue, not a select. While work is ready the loop does not look at I/O on every
 * turn: it checks the selector at most every {@value #SELECT_EVERY_TURNS} turns, or sooner once
 * {@value #RUN_BUDGET_NANOS} ns have passed since the last check (the "I/O window"), so a ping-pong between two
 * tasks pays one {@code selectNow} system call per {@value #SELECT_EVERY_TURNS} resumptions, not one per
 * resumption. With no channel registered it never calls {@code selectNow} at all. With nothing ready it always
 * blocks in {@code select}, as before.
 *
 * <p>The clock is not free either (a {@code System.nanoTime()} costs 25-35 ns on the machines we measure on, as
 * much as a whole resumption), so a turn reads it only when it needs it: for the I/O window every
 * {@value #WINDOW_CHECK_EVERY_TURNS} turns and every {@value #BUDGET_CHECK_EVERY} entries within a turn, and for
 * timers only while a timer is pending (one reading serves both on the system clock).
 *
 * <p>I/O latency bound: while work is ready, a ready channel is noticed within {@value #RUN_BUDGET_NANOS} ns of
 * ready work plus at most {@value #WINDOW_CHECK_EVERY_TURNS} turns or {@value #BUDGET_CHECK_EVERY} entries beyond it,
 * whichever ends first, plus the longest single callback, which the loop cannot interrupt; or within
 * {@value #SELECT_EVERY_TURNS} turns, if those end sooner. When the loop is idle it sits in {@code select} and
 * notices the channel at once.
 *
 * <p>Queues: the ready queue is an {@code ArrayDeque} touched by the loop thread only; other threads submit
 * through a lock-free {@link ConcurrentLinkedQueue} and a deduplicated selector wake-up ({@link LoopWakeup}).
 *
 * <p>Channels: handlers registered with {@link #register} own their channels; when the loop closes, every channel
 * still registered is handed to its handler's {@link IoHandler#loopClosing} (which closes it by default) before the
 * selector closes, so no socket outlives its loop. The loop also lends its I/O code one direct buffer
 * ({@link #ioBuffer()}), so reads and writes cost no per-call native copy buffer.
 *
 * <p>Debug mode (off by default; {@code -Ddev.weft.debug=true} or {@link #setDebug}) warns through
 * {@link System.Logger} when one callback or task resumption holds the loop longer than
 * {@link #slowCallbackThreshold()} (100 ms unless changed), naming the task, and makes loop-thread-only methods
 * check their thread (see {@link #setDebug}).
 *
 * <p>Threads: {@link #execute}, {@link #callSoonThreadsafe}, {@link #submit}, {@link #stop}, {@link #time},
 * {@link #current()}, {@link #inLoopThread()}, {@link #isRunning()}, {@link #isClosed()} and the static debug
 * settings from any thread; everything else on the loop thread. Nulls: no argument may be null.
 */
public final class EventLoop implements Executor {

  /** Time budget for running ready work before the loop looks at I/O again (the I/O window). */
  public static final long RUN_BUDGET_NANOS = 1_000_000L;

  /** The most turns that run, while work is ready, between two checks of the selector. */
  public static final int SELECT_EVERY_TURNS = 64;

  /** How many ready entries run between two reads of the clock for the budget. */
  public static final int BUDGET_CHECK_EVERY = 64;

  /** How many turns run between two reads of the clock for the I/O window (a power of two). */
  public static final int WINDOW_CHECK_EVERY_TURNS = 8;

  /** Capacity of the loop's shared direct I/O buffer ({@link #ioBuffer()}): the most one socket read takes. */
  public static final int IO_BUFFER_SIZE = 64 * 1024;

  /** The longest delay a timer accepts (about 73 years); longer ones are clamped, not overflowed. */
  public static final long MAX_DELAY_NANOS = Long.MAX_VALUE >>> 2;

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

  private final Clock clock;
  private final LoopSelector selector;
  private final LoopWakeup wakeup;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final TimerQueue timers = new TimerQueue();
  /** Actions waiting for the next select ({@link #afterNextSelect}); loop thread only. */
  private final ArrayDeque<Runnable> afterSelect = new ArrayDeque<>();
  /** Real time for the I/O window, whatever the injected clock says; tests replace it to count turns exactly. */
  private Clock realTime = Clock.SYSTEM;
  /** {@code realTime} of the last look at I/O: the start of the current I/O window. */
  private long windowStart = System.nanoTime();
  /** {@code selectNow} / {@code select} system calls made; read by tests. */
  long selectCalls;
  /** Turns run since the last look at I/O. */
  private int windowTurns;
  /** A turn's budget check found the I/O window spent: the next turn looks at I/O. */
  private boolean windowSpent;
  /** This turn's reading of {@code realTime}, or {@link #NO_READING}: lets the timers reuse it. */
  private long turnReading = NO_READING;
  private static final long NO_READING = Long.MIN_VALUE;
  private final LoopTasks tasks = new LoopTasks(this);
  /** The shared direct buffer for socket I/O; allocated on first use (loops without sockets never pay for it). */
  private ByteBuffer ioBuffer;
  /** The thread running the loop; null before {@link #bind()} and after {@link #close()}. */
  private volatile Thread thread;
  private volatile boolean closed;
  /** True while {@link #runForever()} or {@code Weft.run} drives turns. */
  private volatile boolean running;
  /** {@link #stop()} was called and the running loop has not returned yet. */
  private volatile boolean stopRequested;
  /** The loop thread was interrupted while the loop ran; the flag is set again when the loop closes. */
  private boolean interruptHeld;
  /** Debug mode, read once per turn. */
  private boolean debugTurn;

  /** Entry that only wakes the loop (stop()). */
  private static final Runnable WAKE = () -> { };

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
    this(clock, LoopSelector.open());
  }

  /** A loop on a given selector holder (tests inject faulty selectors). */
  EventLoop(final Clock clock, final LoopSelector selector) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.selector = selector;
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

  /** @return the loop's clock reading, in nanoseconds (as {@link #time()}) */
  public long nanoTime() {
    return clock.nanoTime();
  }

  /**
   * The loop's monotonic time (asyncio's {@code loop.time()}): the reading of its {@link Clock}, in nanoseconds from
   * an arbitrary origin. Only differences mean anything; it is the time scale of {@link #callAt} and of
   * {@link TimerHandle#deadline()}. Any thread.
   *
   * @return nanoseconds
   */
  public long time() {
    return clock.nanoTime();
  }

  /**
   * Runs {@code action} on a later turn, after the entries already queued (asyncio's {@code call_soon}). Loop
   * thread; from another thread use {@link #callSoonThreadsafe} (in debug mode, calling this one from another
   * thread throws; otherwise it behaves as {@code callSoonThreadsafe}). A throwing action is reported to the
   * unhandled-exception handler and the loop goes on.
   *
   * <pre>{@code
   * CallbackHandle h = loop.callSoon(() -> log.add("later"));
   * }</pre>
   *
   * @param action the work; not null
   * @return a handle to cancel it
   * @throws IllegalStateException in debug mode, off the loop thread; or if the loop is closed
   */
  public CallbackHandle callSoon(final Runnable action) {
    Objects.requireNonNull(action, "action");
    checkLoopThreadInDebug("callSoon", "callSoonThreadsafe");
    return callSoonThreadsafe(action);
  }

  /**
   * As {@link #callSoon}, from any thread (asyncio's {@code call_soon_threadsafe}): the entry goes through the
   * submission queue and wakes the loop if it is waiting in {@code select}. Entries from one thread run in
   * submission order.
   *
   * <pre>{@code
   * loop.callSoonThreadsafe(() -> promise.complete(result));   // from a worker thread
   * }</pre>
   *
   * @param action the work; not null
   * @return a handle to cancel it (from any thread)
   * @throws IllegalStateException if the loop is closed
   */
  public CallbackHandle callSoonThreadsafe(final Runnable action) {
    SoonCallback c = new SoonCallback(Objects.requireNonNull(action, "action"));
    if (!offer(c)) {
      throw closedError("callSoonThreadsafe");
    }
    return c;
  }

  /**
   * Runs {@code action} once {@code delay} has passed (asyncio's {@code call_later}): on the first turn whose
   * clock reading is at or past {@code time() + delay}, never earlier. Zero or negative delays fire on the next
   * turn; delays beyond {@link #MAX_DELAY_NANOS} are clamped. Equal deadlines fire in scheduling order. Loop thread.
   *
   * <pre>{@code
   * TimerHandle h = loop.callLater(Duration.ofSeconds(5), this::onIdle);
   * }</pre>
   *
   * @param delay the delay; not null
   * @param action the work; not null
   * @return a handle to cancel it (from any thread)
   * @throws IllegalStateException off the loop thread
   */
  public TimerHandle callLater(final Duration delay, final Runnable action) {
    return schedule(delay, action);
  }

  /**
   * Runs {@code action} once {@link #time()} reaches {@code deadline} (asyncio's {@code call_at}). Deadlines are
   * compared by difference, as {@link System#nanoTime()} readings must be: a deadline in the past fires on the next
   * turn, one more than {@link #MAX_DELAY_NANOS} ahead is clamped to that. Loop thread.
   *
   * <pre>{@code
   * long start = loop.time();
   * loop.callAt(start + TimeUnit.SECONDS.toNanos(1), this::tick);
   * }</pre>
   *
   * @param deadline on the {@link #time()} scale
   * @param action the work; not null
   * @return a handle to cancel it (from any thread)
   * @throws IllegalStateException off the loop thread
   */
  public TimerHandle callAt(final long deadline, final Runnable action) {
    Objects.requireNonNull(action, "action");
    checkLoopThread("callAt");
    long now = clock.nanoTime();
    long nanos = Math.min(Math.max(0, deadline - now), MAX_DELAY_NANOS);
    return timers.add(this, now + nanos, action);
  }

  /**
   * Starts an {@code @Async} call on this loop from any thread and returns a {@code CompletableFuture} of its
   * outcome (asyncio's {@code run_coroutine_threadsafe}). {@code body} runs on the loop thread, on a later turn;
   * the future completes with the task's value, fails with its original exception, or is cancelled when the task
   * is. Cancelling the future cancels the task (or, before it started, keeps the body from running). If the loop
   * closes before running it, the future is cancelled; tasks still pending when the loop closes are cancelled,
   * and so then is the future.
   *
   * <pre>{@code
   * CompletableFuture<String> f = loop.submit(() -> fetch(url));   // from a plain thread
   * String page = f.get(5, TimeUnit.SECONDS);
   * }</pre>
   *
   * <p>Do not block the loop's own thread on the future ({@code join()} there would deadlock): await it instead.
   *
   * @param body returns the task to follow (typically a call of an {@code @Async} method); not null
   * @param <T> the value type
   * @return the future of the task's outcome
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> submit(final Supplier<? extends Task<T>> body) {
    Submission<T> s = new Submission<>(Objects.requireNonNull(body, "body"));
    if (!offer(s)) {
      throw closedError("submit");
    }
    return s;
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
    if (!offer(task)) {
      rejected(task);
    }
  }

  /** {@link #execute}, telling instead of logging when the loop is closed. */
  private boolean offer(final Runnable task) {
    if (Thread.currentThread() == thread) {
      ready.addLast(task);
      return true;
    }
    if (closed) {
      return false;
    }
    inbox.add(task);
    wakeup.wakeup();
    // Lost the race with close(): nobody will drain the inbox again.
    return !(closed && inbox.remove(task));
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
    return selector.register(channel, ops, handler);
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
   * Runs {@code action} on the loop thread once the loop has looked at I/O again: after its next {@code select} (or,
   * when no channel is registered any more, on the next turn, since nothing is left to deregister). A channel closed
   * while registered keeps its file descriptor until the selector deregisters its key during a select, so code that
   * must report "the descriptor is gone" waits for this. Queuing an action makes the next turn look at I/O, without
   * blocking. Loop thread only.
   *
   * @param action the work; not null
   */
  public void afterNextSelect(final Runnable action) {
    Objects.requireNonNull(action, "action");
    if (closed) {
      if (inLoopThread()) {
        ready.addLast(action); // close() runs what is left; its selector close deregisters every key
      }
      return; // a channel released by close() on another thread: nothing will run any more
    }
    checkLoopThread("afterNextSelect");
    afterSelect.addLast(action);
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
    checkLoopThreadInDebug("ioBuffer", null);
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

  /**
   * Runs the loop on the calling thread until {@link #stop()} is called (asyncio's {@code run_forever}): the
   * thread becomes the loop's thread (if it is not already), turns run, and when a stop is requested the current
   * turn ends and this returns, leaving pending tasks as they are. Call {@link #close()} afterwards on the same
   * thread to cancel them and let their {@code finally} blocks run. A {@code stop()} that came before this call
   * makes it return at once.
   *
   * <pre>{@code
   * new Thread(() -> { loop.runForever(); loop.close(); }, "weft-loop").start();
   * }</pre>
   *
   * @throws IllegalStateException if the loop is closed or running, or another thread is its loop thread, or this
   *     thread already runs another loop
   */
  public void runForever() {
    if (thread == null) {
      bind();
    }
    checkLoopThread("runForever");
    runUntil(() -> false);
  }

  /**
   * Asks the running loop to stop (asyncio's {@code stop}): it finishes its current turn, then {@link #runForever()}
   * returns; a {@code Weft.run} on this loop stops waiting for its main task, cancels it and every other pending task,
   * runs their {@code finally} blocks, closes the loop and throws {@code CancelledException}. Any thread; wakes the
   * loop if it waits in {@code select}. No effect on a closed loop.
   */
  public void stop() {
    stopRequested = true;
    if (!inLoopThread() && !closed) {
      offer(WAKE); // through the queue, not a bare wake-up: the loop re-checks its queue before it blocks
    }
  }

  /** @return true while {@link #runForever()} or {@code Weft.run} drives this loop */
  public boolean isRunning() {
    return running;
  }

  /**
   * Runs turns until {@code done} says so or {@link #stop()} is called.
   *
   * @return false when stopped before {@code done} said so
   */
  boolean runUntil(final BooleanSupplier done) {
    checkLoopThread("run");
    if (running) {
      throw new IllegalStateException("the event loop is already running");
    }
    if (closed) {
      throw closedError("run");
    }
    running = true;
    try {
      while (!done.getAsBoolean()) {
        if (stopRequested) {
          return false;
        }
        runOnce();
      }
      return true;
    } finally {
      stopRequested = false;
      running = false;
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

  /**
   * Closes the loop (asyncio's {@code close}, with {@code asyncio.run}'s clean-up): every pending task is cancelled
   * and turns run until all have ended, so their {@code finally} blocks run (and may await); then failures nobody
   * retrieved are reported, leftover callbacks dropped (a pending {@link #submit} future is cancelled), channels
   * still registered released, the selector closed and the thread unbound. A loop that never ran closes at once.
   * Idempotent.
   *
   * @throws IllegalStateException if called while the loop is running, or from another thread than the loop's
   */
  public void close() {
    if (closed) {
      return;
    }
    if (running) {
      throw new IllegalStateException("close() on a running event loop: call stop() and close it once runForever"
          + " has returned");
    }
    if (thread != null) {
      checkLoopThread("close");
      shutdown();
    }
    release();
  }

  /** Reports unretrieved failures, drops leftover work, closes the selector and unbinds the thread. */
  private void release() {
    closed = true;
    try {
      releaseChannels();
      if (inLoopThread()) {
        // Work submitted during the last turn (callbacks of tasks that just finished) still runs, once.
        drainInbox();
        while (!afterSelect.isEmpty()) {
          ready.addLast(afterSelect.pollFirst()); // the selector's close, just below, deregisters every key
        }
        runReady(Integer.MAX_VALUE, false);
      }
      tasks.loopClosed();
      int dropped = ready.size() + inbox.size() + afterSelect.size();
      if (dropped > 0) {
        LOG.log(System.Logger.Level.DEBUG, "event loop closed with {0} queued callbacks dropped", dropped);
      }
      dropAll(ready);
      dropAll(inbox);
      afterSelect.clear();
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
      if (interruptHeld && inLoopThread()) {
        Thread.currentThread().interrupt(); // the interrupt the running loop held back (see select)
      }
      thread = null;
    }
  }

  /** Empties a queue at close; a dropped submission's future is cancelled, so its caller does not wait forever. */
  private static void dropAll(final java.util.Queue<Runnable> q) {
    Runnable r;
    while ((r = q.poll()) != null) {
      if (r instanceof Submission<?> s) {
        s.dropped();
      }
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

  /** One turn: I/O (when due), collect, run ready. Loop thread. */
  void runOnce() {
    debugTurn = SlowCallbackWatch.enabled;
    turnReading = NO_READING;
    boolean idle = ready.isEmpty() && inbox.isEmpty() && afterSelect.isEmpty();
    if (idle || !afterSelect.isEmpty() || ioDue()) {
      int selected = select(idle);
      windowStart = turnReading = realTime.nanoTime();
      windowTurns = 0;
      windowSpent = false;
      if (selected > 0) {
        processSelectedKeys();
      }
      while (!afterSelect.isEmpty()) {
        ready.addLast(afterSelect.pollFirst());
      }
    }
    drainInbox();
    if (timers.size() > 0) {
      timers.runDue(turnReading != NO_READING && clock == realTime ? turnReading : clock.nanoTime());
    }
    runReady(ready.size(), true);
  }

  /**
   * Whether a busy loop should look at I/O this turn: the window is spent, in turns, or in time as read every
   * {@value #WINDOW_CHECK_EVERY_TURNS} turns (or by the last turn's budget check).
   */
  private boolean ioDue() {
    int turns = ++windowTurns;
    if (turns >= SELECT_EVERY_TURNS || windowSpent) {
      return true;
    }
    if ((turns & (WINDOW_CHECK_EVERY_TURNS - 1)) != 0) {
      return false;
    }
    turnReading = realTime.nanoTime();
    return turnReading - windowStart >= RUN_BUDGET_NANOS;
  }

  /**
   * Looks at I/O. Busy ({@code mayBlock} false): a {@code selectNow}, skipped when no channel is registered.
   * Idle: blocks until the next timer or a wake-up.
   */
  private int select(final boolean mayBlock) {
    try {
      if (!mayBlock) {
        return selectNow();
      }
      wakeup.beforeBlocking();
      try {
        if (!inbox.isEmpty()) {
          return selectNow(); // see LoopWakeup: work that slipped in before the flag was cleared
        }
        long wait = timers.nanosUntilNext(clock.nanoTime());
        if (wait == 0) {
          return selectNow();
        }
        selectCalls++;
        if (Thread.interrupted()) {
          // An interrupted thread's select returns at once, every time: the loop would spin. Hold the interrupt
          // and give it back when the loop closes (Netty clears it too), so the thread's owner still sees it.
          interruptHeld = true;
        }
        if (wait < 0) {
          return selector.select(0, wakeup);
        }
        return selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)), wakeup);
      } finally {
        wakeup.afterBlocking();
      }
    } catch (IOException | ClosedSelectorException e) {
      selector.selectFailed(e); // logs, rebuilds the selector, backs off if failures repeat: never a spin
      return 0;
    }
  }

  /** {@code selectNow()}, or nothing at all when no key is registered (no channel, nothing to deregister). */
  private int selectNow() throws IOException {
    if (selector.keys().isEmpty()) {
      return 0;
    }
    selectCalls++;
    return selector.selectNow();
  }

  /** Replaces the real-time source of the I/O window (tests). Loop thread. */
  void realTime(final Clock c) {
    realTime = c;
    windowStart = c.nanoTime();
  }

  private void processSelectedKeys() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      if (key.isValid() && key.attachment() instanceof IoHandler h) {
        long start = debugTurn ? clock.nanoTime() : 0;
        try {
          h.ready(key);
        } catch (Throwable t) {
          Unhandled.report(t);
        }
        if (debugTurn) {
          SlowCallbackWatch.check(key, clock.nanoTime() - start);
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

  /**
   * Runs up to {@code max} ready entries. Budgeted: stops early once the I/O window is spent, so that the next turn
   * looks at I/O; the clock is read every {@value #BUDGET_CHECK_EVERY} entries.
   */
  private void runReady(final int max, final boolean budgeted) {
    for (int i = 1; i <= max; i++) {
      Runnable r = ready.pollFirst();
      if (r == null) {
        return;
      }
      runCallback(r);
      if (budgeted && i % BUDGET_CHECK_EVERY == 0 && realTime.nanoTime() - windowStart >= RUN_BUDGET_NANOS) {
        windowSpent = true;
        return;
      }
    }
  }

  /** Runs one entry: a throw goes to the unhandled-exception handler; in debug mode, a slow entry is reported. */
  void runCallback(final Runnable r) {
    if (!debugTurn) {
      runSafely(r);
      return;
    }
    long start = clock.nanoTime();
    runSafely(r);
    SlowCallbackWatch.check(r, clock.nanoTime() - start);
  }

  static void runSafely(final Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      Unhandled.report(t);
    }
  }

  // ---- debug mode -----------------------------------------------------------------------------------------

  /**
   * Switches debug mode on or off for every loop (asyncio's {@code set_debug}); off by default, on with
   * {@code -Ddev.weft.debug=true}. In debug mode a loop:
   * <ul>
   *   <li>times every callback, task resumption, timer action and I/O handler on its own {@link Clock}, and warns
   *       through {@link System.Logger} ({@code dev.weft.loop.EventLoop}, WARNING) when one holds the loop for
   *       {@link #slowCallbackThreshold()} or longer, naming the task when the entry is one;</li>
   *   <li>makes loop-thread-only methods that skip the check for speed ({@link #callSoon}, {@link #ioBuffer()})
   *       throw {@code IllegalStateException} when called from another thread.</li>
   * </ul>
   * A running loop picks the change up at its next turn. ({@code CancelledException}'s stack traces follow the
   * system property only, read once.) Any thread.
   *
   * <pre>{@code
   * EventLoop.setDebug(true);
   * EventLoop.setSlowCallbackThreshold(Duration.ofMillis(20));
   * }</pre>
   *
   * @param on true to switch debug mode on
   */
  public static void setDebug(final boolean on) {
    SlowCallbackWatch.enabled = on;
  }

  /** @return true in debug mode (see {@link #setDebug}) */
  public static boolean isDebug() {
    return SlowCallbackWatch.enabled;
  }

  /**
   * Sets how long one entry may hold a loop before debug mode warns ({@code -Ddev.weft.slowCallbackMillis}; default
   * 100 ms). Any thread.
   *
   * @param threshold the threshold; not null, not negative
   * @throws IllegalArgumentException if negative
   */
  public static void setSlowCallbackThreshold(final Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: >= 0)");
    }
    SlowCallbackWatch.thresholdNanos = saturatedNanos(threshold);
  }

  /** @return the slow-callback threshold of debug mode */
  public static Duration slowCallbackThreshold() {
    return Duration.ofNanos(SlowCallbackWatch.thresholdNanos);
  }

  private void checkLoopThread(final String what) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(what + "() must be called on the event loop's thread ("
          + (thread == null ? "the loop is not running" : thread.getName()) + "), not on "
          + Thread.currentThread().getName());
    }
  }

  /**
   * The misuse check of debug mode, for loop-thread-only methods that do not check otherwise.
   *
   * @param what the method
   * @param instead the thread-safe alternative, or null
   */
  private void checkLoopThreadInDebug(final String what, final String instead) {
    if (SlowCallbackWatch.enabled && Thread.currentThread() != thread) {
      throw new IllegalStateException("debug mode: " + what + "() called on " + Thread.currentThread().getName()
          + ", not on the event loop's thread (" + (thread == null ? "the loop is not running" : thread.getName())
          + ")" + (instead == null ? "" : "; use " + instead + "() from other threads"));
    }
  }

  private IllegalStateException closedError(final String what) {
    return new IllegalStateException(what + "(): the event loop is closed");
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
