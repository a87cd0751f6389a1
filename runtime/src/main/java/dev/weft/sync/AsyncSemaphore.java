package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;

/**
 * A counter of permits for tasks of one event loop (asyncio's {@code Semaphore}): {@link #acquire()} takes a
 * permit, waiting while none is free; {@link #release()} gives one back. Typically bounds concurrency.
 *
 * <pre>{@code
 * AsyncSemaphore slots = new AsyncSemaphore(10);     // at most 10 downloads at a time
 *
 * @Async
 * Task<byte[]> download(URI uri) {
 *   await(slots.acquire());
 *   try {
 *     return done(await(http.get(uri)));
 *   } finally {
 *     slots.release();
 *   }
 * }
 * }</pre>
 *
 * <p>Fairness: first come, first served. A release with tasks waiting hands the permit directly to the oldest one
 * (the free count stays zero), so a newcomer cannot take it first; {@link #tryAcquire()} fails while anyone
 * waits. Cancellation: a task cancelled while waiting leaves the queue without a permit; one cancelled after a
 * permit was handed to it but before it resumed receives the {@code CancelledException} at the await and the
 * permit passes on (await the task {@code acquire()} returns directly for that guarantee). A plain semaphore lets
 * {@link #release()} raise the count above its initial value; {@link AsyncBoundedSemaphore} refuses that.
 *
 * <p>Threads: the loop thread that first used it; elsewhere {@code IllegalStateException}. The queries may be read
 * anywhere (a snapshot). Nulls: none taken; none returned.
 */
public class AsyncSemaphore extends LoopBound {

  private final int initialPermits;
  private int permits;
  private final WaiterQueue<Handoff<Void>> waiters = new WaiterQueue<>();

  /**
   * A semaphore; it binds to the first event loop that uses it.
   *
   * @param permits the initial number of free permits
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncSemaphore(final int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits: " + permits + " (expected: >= 0)");
    }
    this.initialPermits = permits;
    this.permits = permits;
  }

  /**
   * Takes a permit: a done task when one is free and nobody waits, otherwise a task that completes when a permit
   * is handed to this caller, in arrival order.
   *
   * @return a task to await; the permit is held once it completes normally
   * @throws IllegalStateException off this semaphore's loop thread
   */
  public final Task<Void> acquire() {
    EventLoop l = checkLoop("acquire");
    if (tryTake()) {
      return Weft.done();
    }
    Waiter w = new Waiter(l, this);
    waiters.addLast(w);
    return w;
  }

  /**
   * Takes a permit if that needs no waiting: one is free and nobody waits.
   *
   * @return true if the caller now holds a permit
   * @throws IllegalStateException off this semaphore's loop thread
   */
  public final boolean tryAcquire() {
    checkLoop("tryAcquire");
    return tryTake();
  }

  /**
   * Gives a permit back: to the oldest waiting task, or to the free count.
   *
   * @throws IllegalStateException off this semaphore's loop thread (and, for {@link AsyncBoundedSemaphore}, when
   *     the count would exceed its initial value)
   */
  public final void release() {
    checkLoop("release");
    checkRelease(permits, initialPermits);
    releaseOne();
  }

  /** @return the number of free permits (zero while tasks wait) */
  public final int availablePermits() {
    return permits;
  }

  /** @return the number of permits given at construction */
  public final int initialPermits() {
    return initialPermits;
  }

  /** @return true when {@link #acquire()} would wait: no free permit, or tasks already waiting */
  public final boolean isLocked() {
    return permits == 0 || waiters.hasPending();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[permits: " + permits + "/" + initialPermits + ", waiters: "
        + waiters.size() + "]";
  }

  /**
   * Hook of {@link AsyncBoundedSemaphore}: throws if a release is not allowed now.
   *
   * @param free the free permits before the release
   * @param initial the initial permits
   */
  void checkRelease(final int free, final int initial) {
  }

  private boolean tryTake() {
    if (permits > 0 && !waiters.hasPending()) {
      permits--;
      return true;
    }
    return false;
  }

  private void releaseOne() {
    Handoff<Void> w;
    while ((w = waiters.poll()) != null) {
      if (w.grant(null)) {
        return;
      }
    }
    permits++;
  }

  /** A task waiting in {@link #acquire()}. */
  private static final class Waiter extends Handoff<Void> {
    private final AsyncSemaphore semaphore;

    Waiter(final EventLoop loop, final AsyncSemaphore semaphore) {
      super(loop);
      this.semaphore = semaphore;
    }

    @Override
    protected void whenDiscarded() {
      semaphore.releaseOne(); // handed a permit, but cancelled before it could run: pass it on
    }
  }
}
