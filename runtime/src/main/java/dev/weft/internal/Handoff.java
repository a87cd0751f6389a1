package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.loop.EventLoop;
import java.util.Objects;

/**
 * The task one waiter of a synchronisation primitive awaits ({@code dev.weft.sync}): a lock acquisition, a queue
 * {@code get}, an event wait. The primitive keeps it in a {@link WaiterQueue} and later <em>hands</em> the resource
 * to it directly with {@link #grant} (the lock stays locked, the item never enters the buffer), which is what makes
 * the primitives fair: a newcomer cannot take what was given to a waiter that has not run yet.
 *
 * <pre>{@code
 * Handoff<Void> w = new Handoff<>(loop);     // in a primitive, on its loop thread
 * waiters.addLast(w);
 * return w;                                   // the caller awaits it
 * ...
 * Handoff<Void> next = waiters.poll();        // later, on release
 * if (next != null && next.grant(null)) ...   // false: it was cancelled meanwhile, try the next
 * }</pre>
 *
 * <p>Cancellation, the two races a primitive must survive:
 * <ul>
 *   <li>Cancelled while pending: the awaiting coroutine's {@code cancel()} cancels this task (DESIGN: cancelling a
 *       task suspended on another cancels that one too); {@link #whenCancelled()} then runs on the loop thread and,
 *       by default, unlinks it from its queue. It held nothing, so nothing else is owed.</li>
 *   <li>Cancelled after {@link #grant} but before the coroutine ran again: the coroutine receives the
 *       {@link CancelledException} instead of the value, and tells this task; {@link #whenDiscarded()} then runs on
 *       the loop thread and must give the resource back (release the lock, return the item).</li>
 * </ul>
 * Both hooks run exactly once at most, and never both. A hand-off awaited through another task ({@code gather},
 * {@code spawn(() -> lock.acquire())}) cannot learn that its value was dropped further up: primitives document
 * "await the returned task directly".
 *
 * <p>Threads: created, granted and rejected on its loop's thread; {@link #cancel()} from any thread (the hook
 * then hops to the loop). Nulls: the granted value may be null; the loop may not.
 *
 * @param <T> the value handed over
 */
public class Handoff<T> extends TaskCore<T> {

  /**
   * Links in the {@link WaiterQueue} holding this waiter: the neighbouring waiters, or the queue itself at either end
   * (so a waiter finds its queue without a field of its own); both null when in none. Loop thread only.
   */
  Object prev;
  Object next;

  /**
   * A pending waiter.
   *
   * @param loop the primitive's loop, where the hooks run; not null
   */
  public Handoff(final EventLoop loop) {
    super(Objects.requireNonNull(loop, "loop"));
  }

  /**
   * Hands the value over: the waiter succeeds and its coroutine is queued to resume. Loop thread.
   *
   * @param value the value; may be null
   * @return true if the waiter took it; false if it was already done (cancelled meanwhile): give it to the next
   */
  public boolean grant(final T value) {
    return succeed(value);
  }

  /**
   * Fails the waiter (a queue shut down, a barrier broken). Loop thread.
   *
   * @param error the exception the awaiter receives; not null
   * @return true if this call completed the waiter
   */
  public final boolean reject(final Throwable error) {
    return failWith(error);
  }

  /** @return true while the waiter sits in a {@link WaiterQueue} */
  public final boolean isQueued() {
    return prev != null;
  }

  /**
   * Cancels a pending waiter at once and runs {@link #whenCancelled()} on the loop thread (now, when called
   * there; otherwise through the loop's queue).
   *
   * @return true if this call cancelled the waiter
   */
  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    onLoop(this::whenCancelled);
    return true;
  }

  @Override
  final void valueDiscarded() {
    Object o = outcome();
    if (o != null && !(o instanceof Failure)) {
      onLoop(this::whenDiscarded);
    }
  }

  /** Loop thread, once, after a cancellation won: unlinks the waiter. Overrides call {@code super}. */
  protected void whenCancelled() {
    WaiterQueue.unlink(this);
  }

  /** Loop thread, at most once: the granted value never reached its awaiter; give it back. Nothing by default. */
  protected void whenDiscarded() {
  }

  /**
   * Runs {@code r} on this waiter's loop thread: now when already there, otherwise through the loop's queue.
   *
   * @param r the work; not null
   */
  protected final void onLoop(final Runnable r) {
    EventLoop l = loop();
    if (l.inLoopThread()) {
      r.run();
    } else {
      l.execute(r);
    }
  }
}
