package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A mutual-exclusion lock for tasks of one event loop (asyncio's {@code Lock}): holding it across awaits keeps
 * other tasks out, without blocking the loop's thread. Not reentrant, and not owned: any task may release it, as in
 * asyncio (release from the task that acquired it).
 *
 * <pre>{@code
 * private final AsyncLock lock = new AsyncLock();
 *
 * @Async
 * Task<Void> transfer(Account from, Account to, long amount) {
 *   await(lock.acquire());
 *   try {
 *     long balance = await(from.balance());     // other tasks run meanwhile, but none enters here
 *     await(from.set(balance - amount));
 *     await(to.add(amount));
 *   } finally {
 *     lock.release();
 *   }
 *   return done();
 * }
 * }</pre>
 *
 * <p>The same, without writing the {@code try}/{@code finally}: {@link #withLock}, which also suits code that is
 * not {@code @Async} (its body may be any task-returning call).
 * <pre>{@code
 * long balance = await(lock.withLock(() -> from.balance()));
 * }</pre>
 *
 * <p>Fairness: first come, first served. {@link #release()} with tasks waiting hands the lock directly to the
 * oldest one (the lock stays locked), so a task that calls {@link #acquire()} meanwhile, before the woken task has
 * run, queues behind it instead of barging in. asyncio (3.12 and later) behaves the same way from the outside: its
 * newcomers queue while a woken waiter is pending. The price is that the lock idles for the one loop turn the woken
 * task takes to resume.
 *
 * <p>Cancellation: a task cancelled while waiting in {@code await(lock.acquire())} leaves the queue and never gets
 * the lock; its {@code CancelledException} is raised at the await, before the {@code try}, so its {@code finally}
 * does not release a lock it never had. If the cancellation arrives after the lock was handed to it but before it
 * resumed, it still receives the {@code CancelledException} at the await, and the lock passes on to the next
 * waiter (or becomes free): never leaked. For that guarantee, await the task {@code acquire()} returns directly
 * (not through {@code gather} or {@code spawn}).
 *
 * <p>Threads: the loop thread that first used it; elsewhere {@code IllegalStateException}. {@link #isLocked()} may
 * be read anywhere (a snapshot). Nulls: none taken; none returned.
 */
public final class AsyncLock extends LoopBound {

  private boolean locked;
  private final WaiterQueue<Handoff<Void>> waiters = new WaiterQueue<>();

  /** An unlocked lock; it binds to the first event loop that uses it. */
  public AsyncLock() {
  }

  /**
   * Acquires the lock: a done task when it is free and nobody waits, otherwise a task that completes when the
   * lock is handed to this caller, in arrival order.
   *
   * @return a task to await; the lock is held once it completes normally
   * @throws IllegalStateException off this lock's loop thread
   */
  public Task<Void> acquire() {
    EventLoop l = checkLoop("acquire");
    if (tryTake()) {
      return Weft.done();
    }
    Waiter w = new Waiter(l, this);
    waiters.addLast(w);
    return w;
  }

  /**
   * Acquires the lock if that needs no waiting: it is free and nobody waits (a newcomer never barges).
   *
   * @return true if the lock is now held by the caller
   * @throws IllegalStateException off this lock's loop thread
   */
  public boolean tryAcquire() {
    checkLoop("tryAcquire");
    return tryTake();
  }

  /**
   * Releases the lock: hands it to the oldest waiting task, or unlocks it when none waits.
   *
   * @throws IllegalStateException if the lock is not locked, or off this lock's loop thread
   */
  public void release() {
    checkLoop("release");
    if (!locked) {
      throw new IllegalStateException("AsyncLock.release(): the lock is not locked");
    }
    handOver();
  }

  /**
   * Runs {@code body} while holding the lock: acquires it (waiting in line like {@link #acquire()}), calls
   * {@code body}, and releases the lock when the body's task ends, however it ends. Equivalent to
   * {@code await(acquire()); try { return done(await(body.get())); } finally { release(); }}. When the lock is free
   * the body is called at once, inside this call; otherwise on the loop turn after the lock is handed over.
   * Cancelling the returned task cancels the wait for the lock, or the body's task once it runs; the lock is
   * released either way.
   *
   * @param body called once with the lock held; returns the task to follow (typically an {@code @Async} call); not
   *     null; an exception it throws, or a null it returns, fails the returned task
   * @param <T> the value type
   * @return a task with the body's outcome (its original exception on failure)
   * @throws IllegalStateException off this lock's loop thread
   */
  public <T> Task<T> withLock(final Supplier<? extends Task<T>> body) {
    Objects.requireNonNull(body, "body");
    EventLoop l = checkLoop("withLock");
    Guarded<T> g = new Guarded<>(l, this, body);
    g.start();
    return g;
  }

  /** @return true while some task holds the lock (or it was handed to a task that has not resumed yet) */
  public boolean isLocked() {
    return locked;
  }

  @Override
  public String toString() {
    return "AsyncLock[" + (locked ? "locked" : "unlocked") + ", waiters: " + waiters.size() + "]";
  }

  private boolean tryTake() {
    if (!locked && !waiters.hasPending()) {
      locked = true;
      return true;
    }
    return false;
  }

  /** The lock is held; give it to the oldest pending waiter, or unlock. */
  private void handOver() {
    Handoff<Void> w;
    while ((w = waiters.poll()) != null) {
      if (w.grant(null)) {
        return;
      }
    }
    locked = false;
  }

  /**
   * For {@link AsyncCondition}: takes the lock for {@code w} now ({@code w.grant} runs at once) or queues it.
   * Loop thread.
   */
  void acquireFor(final Handoff<Void> w) {
    if (tryTake()) {
      if (!w.grant(null)) {
        handOver();
      }
    } else {
      waiters.addLast(w);
    }
  }

  /**
   * The task of one {@link #withLock} call: ACQUIRING (an {@code acquire()} task) → RUNNING (the body's task) →
   * done, with the lock released on every way out. Its outcome is the body's.
   */
  private static final class Guarded<T> extends Handoff<T> {
    private final AsyncLock lock;
    private final Supplier<? extends Task<T>> body;
    private Task<Void> acquiring;
    private Task<T> running;
    private boolean cancelRequested;

    Guarded(final EventLoop loop, final AsyncLock lock, final Supplier<? extends Task<T>> body) {
      super(loop);
      this.lock = lock;
      this.body = body;
    }

    void start() {
      acquiring = lock.acquire();
      if (acquiring.isDone()) {
        runBody();
      } else {
        acquiring.onDone(a -> locked()); // a later turn: the body never runs inside another task's release()
      }
    }

    private void locked() {
      if (acquiring.isCancelled()) {
        cancelWith(new CancelledException());
      } else if (cancelRequested) {
        lock.release(); // handed the lock, but cancelled before the body started: pass it on
        cancelWith(new CancelledException());
      } else {
        runBody();
      }
    }

    private void runBody() {
      Task<T> b;
      try {
        b = Objects.requireNonNull(body.get(), "AsyncLock.withLock(): the body returned null");
      } catch (Throwable t) {
        lock.release();
        failWith(t);
        return;
      }
      running = b;
      if (cancelRequested) {
        b.cancel();
      }
      b.onDone(this::bodyDone);
    }

    private void bodyDone(final Task<T> b) {
      lock.release();
      T value;
      try {
        value = b.result();
      } catch (Throwable t) {
        failWith(t); // the original exception; a CancelledException cancels this task
        return;
      }
      succeed(value);
    }

    @Override
    public boolean cancel(final String reason) {
      if (isDone()) {
        return false;
      }
      onLoop(() -> {
        if (isDone() || cancelRequested) {
          return;
        }
        cancelRequested = true;
        if (running != null) {
          running.cancel(reason);
        } else if (acquiring != null) {
          acquiring.cancel(reason); // still waiting: leaves the queue (or, already handed over, locked() passes it on)
        }
      });
      return true;
    }
  }

  /** A task waiting in {@link #acquire()}. */
  private static final class Waiter extends Handoff<Void> {
    private final AsyncLock lock;

    Waiter(final EventLoop loop, final AsyncLock lock) {
      super(loop);
      this.lock = lock;
    }

    @Override
    protected void whenDiscarded() {
      // Handed the lock, but cancelled before it could run: pass the lock on.
      if (lock.locked) {
        lock.handOver();
      }
    }
  }
}
