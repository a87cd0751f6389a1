package dev.weft.internal;

import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import dev.weft.task.TimeoutScope;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A task that follows a body under a deadline: {@code waitFor(task, timeout)} and the timeout scope
 * ({@code timeout(delay, body)}, {@link TimeoutScope#open}). asyncio 3.12 implements {@code wait_for} with
 * {@code timeout()}; so does Weft, so the two share every rule:
 *
 * <pre>
 *   RUNNING ──body ends──────────────────────────────► DONE (the body's outcome)
 *      │ deadline passes: EXPIRED (body.cancel())
 *      │    └──body ends cancelled──► DONE (AsyncTimeoutException, cause: the body's CancelledException)
 *      │    └──body ends otherwise──► DONE (the body's outcome: it caught the cancellation)
 *      │ cancel() from outside: timer stopped, body.cancel(reason)
 *      └────body ends──► DONE (the body's outcome; a cancellation stays a CancelledException)
 * </pre>
 *
 * <p>In every case the task completes only once the body has ended, so the body's {@code finally} blocks have run
 * (asyncio 3.12's {@code wait_for}, unlike earlier versions, also waits for the cancellation to finish).
 *
 * <p>Threads: created, and the timer fired and rescheduled, on the loop thread; {@link #cancel(String)} from any
 * thread; the body may end on any thread (the decision is then taken there, inline, as {@link Gather} does).
 *
 * @param <T> the value type
 */
public final class TimeoutTask<T> extends TaskCore<T> implements Waiter, TimeoutScope {

  private final EventLoop loop;
  private final String what;
  /** The deadline timer; null once cleared. Written on the loop thread; cancelled from anywhere. */
  private volatile TimerHandle timer;
  /** The followed task; null until the body returned it. */
  private volatile TaskCore<?> body;
  private volatile boolean expired;
  /** Set by an outside cancel() before it reads {@link #body}; read by {@link #follow} after writing it. */
  private volatile boolean cancelRequested;
  private volatile String cancelReason;

  private TimeoutTask(final EventLoop loop, final long delayNanos, final String what) {
    super(loop);
    this.loop = loop;
    this.what = what;
    this.timer = loop.schedule(Math.max(0, delayNanos), TimeUnit.NANOSECONDS, this::expire);
  }

  /**
   * {@code waitFor(task, timeout)}.
   *
   * @param task the task to wait for; not null
   * @param timeout the time allowed; not null
   * @param <T> the value type
   * @return {@code task} itself when already done, else a new task following it under the deadline
   */
  public static <T> Task<T> waitFor(final Task<T> task, final Duration timeout) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(timeout, "timeout");
    if (task.isDone()) {
      return task; // asyncio 3.12: a done future is returned at once, whatever the timeout
    }
    TimeoutTask<T> t = new TimeoutTask<>(requireLoop("waitFor"), nanos(timeout), "waitFor timed out after "
        + timeout.toMillis() + " ms");
    t.follow(task);
    return t;
  }

  /**
   * A timeout scope: starts the deadline, then calls the body at once.
   *
   * @param delay the time allowed; not null
   * @param body receives the scope, returns the body's task; not null
   * @param <T> the value type
   * @return the scope's task
   */
  public static <T> Task<T> open(final Duration delay, final Function<? super TimeoutScope, ? extends Task<T>> body) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(body, "body");
    TimeoutTask<T> t = new TimeoutTask<>(requireLoop("timeout"), nanos(delay), "timeout scope expired");
    Task<T> b;
    try {
      b = body.apply(t);
    } catch (Throwable e) {
      b = DoneTask.failed(e);
    }
    t.follow(b == null ? DoneTask.failed(new NullPointerException("the timeout scope's body returned null")) : b);
    return t;
  }

  private void follow(final Task<?> task) {
    TaskCore<?> b = (TaskCore<?>) task;
    body = b;
    b.addWaiter(this);
    if (cancelRequested) {
      b.cancel(cancelReason);
    }
  }

  /** The deadline passed. Loop thread. */
  private void expire() {
    assert loop.inLoopThread();
    TaskCore<?> b = body;
    if (isDone() || b == null || b.isDone()) {
      return; // the body's end is on its way to us; nothing to cancel
    }
    expired = true;
    b.cancel();
  }

  /** The body ended. Any thread. */
  @Override
  public void taskDone(final TaskCore<?> task) {
    TimerHandle t = timer;
    if (t != null) {
      t.cancel();
    }
    if (expired && !cancelRequested && task.outcome() instanceof Failure f && f.cancelled) {
      f.observe();
      AsyncTimeoutException e = new AsyncTimeoutException(what);
      e.initCause(f.error);
      failWith(e);
    } else {
      completeFrom(task);
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    cancelReason = reason;
    cancelRequested = true;
    TimerHandle t = timer;
    if (t != null) {
      t.cancel(); // an outside cancellation wins: no second CancelledException from the deadline
    }
    TaskCore<?> b = body;
    if (b != null) {
      b.cancel(reason);
    }
    return true;
  }

  // ---- TimeoutScope ---------------------------------------------------------------------------------------

  @Override
  public void reschedule(final Duration delay) {
    Objects.requireNonNull(delay, "delay");
    checkReschedulable("reschedule");
    TimerHandle old = timer;
    if (old != null) {
      old.cancel();
    }
    timer = loop.schedule(nanos(delay), TimeUnit.NANOSECONDS, this::expire);
  }

  @Override
  public void clearDeadline() {
    checkReschedulable("clearDeadline");
    TimerHandle old = timer;
    timer = null;
    if (old != null) {
      old.cancel();
    }
  }

  @Override
  public boolean expired() {
    return expired;
  }

  private void checkReschedulable(final String op) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException("TimeoutScope." + op + " called off its loop thread ("
          + Thread.currentThread().getName() + ")");
    }
    if (expired) {
      throw new IllegalStateException("TimeoutScope." + op + ": the deadline already passed");
    }
    if (isDone()) {
      throw new IllegalStateException("TimeoutScope." + op + ": the scope has ended");
    }
  }

  private static long nanos(final Duration d) {
    try {
      return Math.max(0, d.toNanos());
    } catch (ArithmeticException e) {
      return d.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  static EventLoop requireLoop(final String what) {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException("Weft." + what + " needs a running event loop on this thread ("
          + Thread.currentThread().getName() + "): call it inside Weft.run(...)");
    }
    return loop;
  }

  @Override
  public String toString() {
    return "TimeoutTask[" + (expired ? "expired, " : "") + super.toString() + "]";
  }
}
