package dev.weft.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The handle of {@link EventLoop#callSoon} and {@link EventLoop#callSoonThreadsafe}: a ready-queue entry that runs
 * its action unless cancelled first. A cancelled entry stays in the queue and is skipped when reached (as in
 * asyncio); the action is dropped at once, so it is not kept reachable.
 *
 * <p>Threads: {@link #cancel()} from any thread; {@link #run()} on the loop thread.
 */
final class SoonCallback implements CallbackHandle, Runnable {

  private static final int PENDING = 0;
  private static final int STARTED = 1;
  private static final int CANCELLED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SoonCallback.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The work; null once cancelled (kept after running, so a slow-callback warning can name it). */
  private volatile Runnable action;
  private volatile int state;

  SoonCallback(final Runnable action) {
    this.action = action;
  }

  @Override
  public void run() {
    if (STATE.compareAndSet(this, PENDING, STARTED)) {
      action.run(); // the loop reports a throw (and times the call in debug mode)
    }
  }

  @Override
  public boolean cancel() {
    if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
      action = null;
      return true;
    }
    return false;
  }

  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  @Override
  public String toString() {
    Runnable a = action;
    return "callback " + (a != null ? a : "(cancelled)");
  }
}
