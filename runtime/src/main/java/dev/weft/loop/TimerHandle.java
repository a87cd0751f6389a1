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
 * cancel on the loop thread removes the timer from the heap at once (O(log n)); one from another thread only marks
 * it, and the loop drops it when it reaches the top of the heap (or
 * rebuilds the heap without it once most of the heap is cancelled).
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
  final long deadline;
  /** Schedule order: breaks deadline ties (first scheduled fires first) and fences off timers added while firing. */
  final long seq;
  /** Position in the heap, or -1 when not in it. Loop thread only. */
  int index = -1;
  private Runnable action;
  private volatile int state;

  TimerHandle(final EventLoop loop, final long deadline, final long seq, final Runnable action) {
    this.loop = loop;
    this.deadline = deadline;
    this.seq = seq;
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
    if (loop.inLoopThread()) {
      loop.timers().remove(this);
      action = null;
    } else {
      loop.timers().lazyCancelled(); // dropped at the top, or by a compaction once most of the heap is cancelled
    }
    return true;
  }

  /** @return true once cancelled */
  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  /** Runs the action unless cancelled. Loop thread. */
  void fire() {
    if (STATE.compareAndSet(this, PENDING, FIRED)) {
      Runnable a = action;
      action = null;
      loop.runCallback(a);
    }
  }

  @Override
  public String toString() {
    return "TimerHandle[deadline=" + deadline + ", " + (state == PENDING ? "pending" : state == FIRED ? "fired"
        : "cancelled") + "]";
  }
}
