package dev.weft.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A timer scheduled with {@link EventLoop#callLater}, {@link EventLoop#callAt} or {@link EventLoop#schedule} (asyncio's
 * {@code TimerHandle}): its deadline, and the means to cancel it.
 *
 * <pre>{@code
 * TimerHandle h = loop.schedule(5, TimeUnit.SECONDS, this::onIdle);
 * ...
 * h.cancel();
 * }</pre>
 *
 * <p>Threads: {@link #cancel()} from any thread; fire and cancel race through one CAS, so exactly one wins. A
 * cancel marks the timer, from any thread, in O(1) (its action is let go at once); the loop drops
 * it when it reaches the front of the timer queue, or compacts the queue once most of it is cancelled (see
 * {@code TimerQueue}).
 */
public final class TimerHandle implements CallbackHandle {

  private static final int PENDING = 0;
  private static final int FIRED = 1;
  private static final int CANCELLED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TimerHandle.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventLoop loop;
  private final long deadline;
  private Runnable action;
  private volatile int state;

  TimerHandle(final EventLoop loop, final long deadline, final Runnable action) {
    this.loop = loop;
    this.deadline = deadline;
    this.action = action;
  }

  /**
   * The deadline, on the loop's {@link Clock}.
   *
   * @return nanoseconds, comparable by difference with the clock's readings
   */
  public long deadline() {
    return deadline;
  }

  /**
   * Cancels the timer.
   *
   * @return true if this call stopped the action from running; false if it already ran or was cancelled
   */
  @Override
  public boolean cancel() {
    if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
      return false;
    }
    action = null; // not kept reachable until the timer is dropped; fire() reads it only after winning the CAS
    loop.timers().cancelled(); // dropped at the front, or by a compaction once most of the queue is cancelled
    return true;
  }

  /** @return true once cancelled */
  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  /**
   * Runs the action unless cancelled. Loop thread.
   *
   * @return false if it was cancelled
   */
  boolean fire() {
    if (!STATE.compareAndSet(this, PENDING, FIRED)) {
      return false;
    }
    Runnable a = action;
    action = null;
    loop.runCallback(a);
    return true;
  }

  @Override
  public String toString() {
    return "TimerHandle[deadline=" + deadline + ", " + (state == PENDING ? "pending" : state == FIRED ? "fired"
        : "cancelled") + "]";
  }
}
