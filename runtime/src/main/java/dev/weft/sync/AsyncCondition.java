package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable over an {@link AsyncLock} (asyncio's {@code Condition}): a task holding the lock waits for a
 * signal with {@link #awaitSignal()}, which releases the lock while waiting and holds it again when it returns;
 * another task changes the shared state under the lock and calls {@link #signal()} or {@link #signalAll()}.
 *
 * <pre>{@code
 * AsyncCondition nonEmpty = new AsyncCondition();
 *
 * @Async
 * Task<Job> take() {
 *   await(nonEmpty.acquire());
 *   try {
 *     await(nonEmpty.awaitUntil(() -> !jobs.isEmpty()));   // or: while (jobs.isEmpty()) await(nonEmpty.awaitSignal());
 *     return done(jobs.removeFirst());
 *   } finally {
 *     nonEmpty.release();
 *   }
 * }
 *
 * @Async
 * Task<Void> submit(Job j) {
 *   await(nonEmpty.acquire());
 *   try {
 *     jobs.addLast(j);
 *     nonEmpty.signal();
 *   } finally {
 *     nonEmpty.release();
 *   }
 *   return done();
 * }
 * }</pre>
 *
 * <p>Names: {@code signal}, {@code signalAll}, {@code awaitSignal}, {@code awaitUntil}: {@code Object}'s final
 * {@code wait}, {@code notify} and {@code notifyAll} cannot be reused, and would block a thread.
 *
 * <p>Fairness: signals wake waiters oldest first; a woken waiter then queues for the lock like any acquirer.
 * Cancellation (asyncio's rule): a task cancelled in {@code awaitSignal()} or {@code awaitUntil()} leaves the
 * signal queue, <em>takes the lock again</em>, and only then receives its {@code CancelledException}, so its
 * {@code finally { release(); }} stays correct. A waiter cancelled after a signal reached it passes the signal on to
 * the next waiter (a spurious wake-up, which condition-variable code must tolerate anyway).
 *
 * <p>Threads: the loop thread that first used it (and its lock's); elsewhere {@code IllegalStateException}. Nulls:
 * the lock and the predicate may not be null.
 */
public final class AsyncCondition extends LoopBound {

  private final AsyncLock lock;
  private final WaiterQueue<Waiter> waiters = new WaiterQueue<>();

  /** A condition with a lock of its own. */
  public AsyncCondition() {
    this(new AsyncLock());
  }

  /**
   * A condition over a given lock (several conditions may share one lock).
   *
   * @param lock the lock; not null
   */
  public AsyncCondition(final AsyncLock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** @return the underlying lock */
  public AsyncLock lock() {
    return lock;
  }

  /**
   * As {@link AsyncLock#acquire()} on the underlying lock.
   *
   * @return a task to await; the lock is held once it completes normally
   */
  public Task<Void> acquire() {
    return lock.acquire();
  }

  /** As {@link AsyncLock#release()} on the underlying lock. */
  public void release() {
    lock.release();
  }

  /** @return whether the underlying lock is locked */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Releases the lock, waits for a signal, and takes the lock again; the task completes (normally or cancelled)
   * only once the lock is held again. The caller must hold the lock.
   *
   * @return a task to await
   * @throws IllegalStateException if the lock is not locked, or off the loop thread
   */
  public Task<Void> awaitSignal() {
    EventLoop l = checkLoop("awaitSignal");
    requireLocked("awaitSignal");
    Waiter w = new Waiter(l, this, null);
    w.park();
    return w;
  }

  /**
   * Waits until {@code predicate} is true: checks it now, then after each signal, with the lock held each time
   * (asyncio's {@code wait_for}). A done task when it is already true. The caller must hold the lock.
   *
   * @param predicate evaluated on the loop thread with the lock held; not null; an exception it throws fails the
   *     returned task (the lock is held then too)
   * @return a task to await
   * @throws IllegalStateException if the lock is not locked, or off the loop thread
   */
  public Task<Void> awaitUntil(final BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    EventLoop l = checkLoop("awaitUntil");
    requireLocked("awaitUntil");
    try {
      if (predicate.getAsBoolean()) {
        return Weft.done();
      }
    } catch (RuntimeException | Error e) {
      return DoneTask.failed(e); // as for the later checks: the task fails, the lock stays held
    }
    Waiter w = new Waiter(l, this, predicate);
    w.park();
    return w;
  }

  /**
   * Wakes the oldest waiting task, if any. The caller must hold the lock.
   *
   * @throws IllegalStateException if the lock is not locked, or off the loop thread
   */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiting tasks, oldest first. The caller must hold the lock.
   *
   * @param n how many to wake
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException if the lock is not locked, or off the loop thread
   */
  public void signal(final int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
    }
    checkLoop("signal");
    requireLocked("signal");
    wake(n);
  }

  /**
   * Wakes every waiting task. The caller must hold the lock.
   *
   * @throws IllegalStateException if the lock is not locked, or off the loop thread
   */
  public void signalAll() {
    checkLoop("signalAll");
    requireLocked("signalAll");
    wake(Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "AsyncCondition[" + lock + ", waiters: " + waiters.size() + "]";
  }

  private void requireLocked(final String op) {
    if (!lock.isLocked()) {
      throw new IllegalStateException("AsyncCondition." + op + "(): the lock is not held; acquire it first");
    }
  }

  private void wake(final int n) {
    int woken = 0;
    Waiter w;
    while (woken < n && (w = waiters.poll()) != null) {
      w.signalled();
      woken++;
    }
  }

  /**
   * One {@code awaitSignal} / {@code awaitUntil} call: the task its caller awaits, moving through phases.
   * <pre>
   *   SIGNAL (in the condition's queue, lock released) ──signal / cancel──► LOCK (in the lock's queue)
   *   LOCK ──lock handed over──► done (cancelled if a cancel came), or CHECK when there is a predicate
   *   CHECK (lock held, predicate runs on a later turn) ──true──► done; ──false──► SIGNAL
   * </pre>
   */
  private static final class Waiter extends Handoff<Void> {
    private static final int SIGNAL = 0;
    private static final int LOCK = 1;
    private static final int CHECK = 2;

    private final AsyncCondition condition;
    private final BooleanSupplier predicate;
    private int phase;
    private boolean cancelRequested;

    Waiter(final EventLoop loop, final AsyncCondition condition, final BooleanSupplier predicate) {
      super(loop);
      this.condition = condition;
      this.predicate = predicate;
    }

    /** Queue for a signal, then give up the lock (which may hand it to another task at once). */
    void park() {
      phase = SIGNAL;
      condition.waiters.addLast(this);
      condition.lock.release();
    }

    /** Taken out of the signal queue by a signal: queue for the lock. */
    void signalled() {
      phase = LOCK;
      condition.lock.acquireFor(this);
    }

    /** The lock was handed to this waiter. It never refuses: a cancelled wait must hold the lock when it ends. */
    @Override
    public boolean grant(final Void unused) {
      if (cancelRequested) {
        cancelWith(new CancelledException());
      } else if (predicate == null) {
        succeed(null);
      } else {
        // The predicate is user code: run it on its own turn, never inside the release() that handed us the lock.
        phase = CHECK;
        loop().execute(this::check);
      }
      return true;
    }

    private void check() {
      if (cancelRequested) {
        cancelWith(new CancelledException());
        return;
      }
      boolean ok;
      try {
        ok = predicate.getAsBoolean();
      } catch (Throwable t) {
        failWith(t);
        return;
      }
      if (ok) {
        succeed(null);
      } else {
        park();
      }
    }

    /**
     * A request, as a task's cancel is: the wait ends cancelled only once the lock is held again. Returns true
     * while pending.
     */
    @Override
    public boolean cancel(final String reason) {
      if (isDone()) {
        return false;
      }
      onLoop(this::cancelOnLoop);
      return true;
    }

    private void cancelOnLoop() {
      if (isDone() || cancelRequested) {
        return;
      }
      cancelRequested = true;
      if (phase == SIGNAL) {
        condition.waiters.remove(this);
        signalled(); // not by a signal: nothing to pass on
      } else {
        // LOCK: grant() completes it cancelled; CHECK: check() does. Either way a signal reached this waiter and
        // will go unused: pass it on, as asyncio does.
        condition.wake(1);
      }
    }

    @Override
    protected void whenDiscarded() {
      // Woken, lock held, but the awaiting task was cancelled before it could look: another waiter gets the chance.
      condition.wake(1);
    }
  }
}
