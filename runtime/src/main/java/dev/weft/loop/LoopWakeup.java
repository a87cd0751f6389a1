package dev.weft.loop;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a loop blocked in {@code Selector.select} when another thread submits work, with at most one
 * {@code Selector.wakeup()} (a system call) per blocking select, Netty style.
 *
 * <p>The flag {@code awake} is true while the loop runs, or once a wake-up is on its way. The protocol:
 * <ul>
 *   <li>Loop, before blocking: {@link #beforeBlocking()} sets it false, then re-checks its submission queue,
 *       then selects; {@link #afterBlocking()} sets it true.
 *   <li>Submitter: enqueue, then {@link #wakeup()}: only the thread that flips false to true calls
 *       {@code selector.wakeup()}.
 * </ul>
 * The race this closes: a submitter enqueues just after the loop found its queue empty, sees {@code awake == true}
 * (the loop has not cleared it yet) and skips the wake-up. Because the loop clears the flag <em>before</em> its
 * final check of the queue, either that check sees the new work, or the submitter's CAS happens after the clear
 * and wakes the selector. A {@code wakeup()} that lands before {@code select} starts is not lost either: the
 * selector's next select returns at once. The cost of a stale wake-up is one spurious, empty turn.
 *
 * <p>Threads: {@link #wakeup()} from any thread; the rest on the loop thread.
 */
final class LoopWakeup {

  private final LoopSelector selector;
  private final AtomicBoolean awake = new AtomicBoolean(true);

  LoopWakeup(final LoopSelector selector) {
    this.selector = selector;
  }

  /** Called by a submitting thread after it enqueued work. */
  void wakeup() {
    // The plain read first: while the loop runs (the common case) no CAS and no contention.
    if (!awake.get() && awake.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** The loop is about to block; it must re-check its submission queue after this. */
  void beforeBlocking() {
    awake.set(false);
  }

  /**
   * Between {@link #beforeBlocking()} and {@link #afterBlocking()}: whether a wake-up was asked for (a select that
   * returns early for that reason is not premature, see {@link LoopSelector}).
   */
  boolean requested() {
    return awake.get();
  }

  /** The loop is running again. */
  void afterBlocking() {
    awake.lazySet(true);
  }
}
