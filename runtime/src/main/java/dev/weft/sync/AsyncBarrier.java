package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;

/**
 * A meeting point for a fixed number of tasks (asyncio's {@code Barrier}): each calls {@link #arrive()}, and none
 * goes on until all {@code parties} have arrived; then all pass together and the barrier is ready for the next
 * round at once.
 *
 * <pre>{@code
 * AsyncBarrier round = new AsyncBarrier(3);
 *
 * @Async
 * Task<Void> worker(int id) {
 *   for (int step = 0; step < 10; step++) {
 *     await(compute(id, step));
 *     int index = await(round.arrive());     // 0, 1, 2 in arrival order; 2 is the one that released the round
 *     if (index == 0) log("round " + step + " done");
 *   }
 *   return done();
 * }
 * }</pre>
 *
 * <p>Each passing task receives its arrival index in the round: 0 for the first, {@code parties - 1} for the last
 * (whose {@code arrive()} returns a done task). A task cancelled while waiting leaves the round, which then needs
 * one more arrival; indices are assigned when the round completes, so they stay distinct.
 *
 * <p>{@link #abort()} breaks the barrier: waiting tasks and every later {@code arrive()} fail with
 * {@link BarrierBrokenException} until {@link #reset()}. {@link #reset()} fails the waiting tasks the same way and
 * returns the barrier to its empty, unbroken state.
 *
 * <p>Threads: the loop thread that first used it; elsewhere {@code IllegalStateException}. The queries may be read
 * anywhere (a snapshot). Nulls: none taken; none returned.
 */
public final class AsyncBarrier extends LoopBound {

  private final int parties;
  private final WaiterQueue<Handoff<Integer>> waiters = new WaiterQueue<>();
  private boolean broken;

  /**
   * A barrier; it binds to the first event loop that uses it.
   *
   * @param parties how many tasks must arrive to pass
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public AsyncBarrier(final int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties: " + parties + " (expected: >= 1)");
    }
    this.parties = parties;
  }

  /**
   * Arrives at the barrier and waits for the others.
   *
   * @return a task of this caller's arrival index (0 to {@code parties - 1}); it fails with
   *     {@link BarrierBrokenException} if the barrier is or becomes broken, or is reset meanwhile
   * @throws IllegalStateException off this barrier's loop thread
   */
  public Task<Integer> arrive() {
    EventLoop l = checkLoop("arrive");
    if (broken) {
      return DoneTask.failed(new BarrierBrokenException("AsyncBarrier.arrive(): the barrier is broken", false));
    }
    waiters.removeDone(); // waiters cancelled from another thread whose hook has not run yet do not count
    if (waiters.size() + 1 >= parties) {
      int index = 0;
      Handoff<Integer> w;
      while ((w = waiters.poll()) != null) {
        if (w.grant(index)) {
          index++;
        }
      }
      return Weft.done(index);
    }
    Handoff<Integer> w = new Handoff<>(l);
    waiters.addLast(w);
    return w;
  }

  /**
   * Returns the barrier to its empty state: waiting tasks fail with {@link BarrierBrokenException} (its
   * {@code isReset()} is true), and a broken barrier works again.
   *
   * @throws IllegalStateException off this barrier's loop thread
   */
  public void reset() {
    checkLoop("reset");
    broken = false;
    failAll("AsyncBarrier.reset(): the barrier was reset while this task waited", true);
  }

  /**
   * Breaks the barrier: waiting tasks and later {@link #arrive()} calls fail with {@link BarrierBrokenException}
   * until {@link #reset()}.
   *
   * @throws IllegalStateException off this barrier's loop thread
   */
  public void abort() {
    checkLoop("abort");
    broken = true;
    failAll("AsyncBarrier.abort(): the barrier was broken while this task waited", false);
  }

  /** @return the number of tasks needed to pass */
  public int parties() {
    return parties;
  }

  /** @return the number of tasks waiting in the current round (cancelled ones may count until unlinked) */
  public int waiting() {
    return waiters.size();
  }

  /** @return true after {@link #abort()} and before {@link #reset()} */
  public boolean isBroken() {
    return broken;
  }

  @Override
  public String toString() {
    return "AsyncBarrier[" + (broken ? "broken" : waiters.size() + "/" + parties + " waiting") + "]";
  }

  private void failAll(final String message, final boolean reset) {
    Handoff<Integer> w;
    while ((w = waiters.poll()) != null) {
      w.reject(new BarrierBrokenException(message, reset)); // one exception each: awaiters annotate their own
    }
  }
}
