package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;

/**
 * A flag tasks can wait for (asyncio's {@code Event}): {@link #set()} wakes every waiting task, and later waits
 * pass at once until {@link #clear()}.
 *
 * <pre>{@code
 * AsyncEvent ready = new AsyncEvent();
 * spawn(() -> { await(ready.awaitSet()); return serve(); });
 * ...
 * ready.set();                  // every task in awaitSet() resumes, in arrival order
 * }</pre>
 *
 * <p>The waiting method is {@code awaitSet()}, not {@code wait()}: {@code Object.wait} would win over a static
 * import, and reads as blocking.
 *
 * <p>Cancellation: each waiter has its own task, so cancelling one waiting task removes only that waiter (a shared
 * task would be cancelled for everyone, since cancelling a task cancels what it awaits).
 *
 * <p>Threads: the loop thread that first used it; elsewhere {@code IllegalStateException}. {@link #isSet()} may
 * be read anywhere (a snapshot). Nulls: none taken; none returned.
 */
public final class AsyncEvent extends LoopBound {

  private boolean set;
  private final WaiterQueue<Handoff<Void>> waiters = new WaiterQueue<>();

  /** A clear event; it binds to the first event loop that uses it. */
  public AsyncEvent() {
  }

  /**
   * Waits until the event is set: a done task when it already is.
   *
   * @return a task that completes once the event is set
   * @throws IllegalStateException off this event's loop thread
   */
  public Task<Void> awaitSet() {
    EventLoop l = checkLoop("awaitSet");
    if (set) {
      return Weft.done();
    }
    Handoff<Void> w = new Handoff<>(l);
    waiters.addLast(w);
    return w;
  }

  /**
   * Sets the event and wakes every waiting task, oldest first. Setting a set event does nothing.
   *
   * @throws IllegalStateException off this event's loop thread
   */
  public void set() {
    checkLoop("set");
    if (set) {
      return;
    }
    set = true;
    Handoff<Void> w;
    while ((w = waiters.poll()) != null) {
      w.grant(null);
    }
  }

  /**
   * Clears the event: later {@link #awaitSet()} calls wait again. Tasks already woken stay woken.
   *
   * @throws IllegalStateException off this event's loop thread
   */
  public void clear() {
    checkLoop("clear");
    set = false;
  }

  /** @return true while the event is set */
  public boolean isSet() {
    return set;
  }

  @Override
  public String toString() {
    return "AsyncEvent[" + (set ? "set" : "clear") + ", waiters: " + waiters.size() + "]";
  }
}
