package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The state machine every Weft task shares: one outcome written once by CAS, and a lock-free stack of
 * {@link Waiter}s told once it is written. Not API: user code sees {@link Task} and {@link dev.weft.Promise}.
 *
 * <p>Outcome encoding ({@code outcome} field): {@code null} while pending; {@link #NIL} for a null value; a
 * {@link Failure} for a failure or cancellation; otherwise the value itself. Reading a succeeded task therefore
 * allocates nothing.
 *
 * <p>Waiter encoding ({@code waiters} field): {@code null}; one bare {@code Waiter} (no allocation for the usual
 * single awaiter); a {@link Node} stack (newest first) once there are more; {@link #CLOSED} after completion. The
 * completer swaps in {@code CLOSED} and tells everything it took, oldest first; a waiter added after the swap sees
 * {@code CLOSED} and is told at once. So each waiter is told exactly once, and none is lost to the race between
 * "add" and "complete".
 *
 * <p>Threads: completion and waiter registration are safe from any thread. {@link #loop()} is fixed at
 * construction. Subclasses implement {@link #cancel()}.
 *
 * @param <T> the value type
 */
public abstract class TaskCore<T> extends Task<T> {

  /** The outcome of a task that succeeded with {@code null}. */
  static final Object NIL = new Object();

  /** The waiters field after completion: nothing more is queued. */
  private static final Object CLOSED = new Object();

  private static final VarHandle OUTCOME;
  private static final VarHandle WAITERS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      OUTCOME = lookup.findVarHandle(TaskCore.class, "outcome", Object.class);
      WAITERS = lookup.findVarHandle(TaskCore.class, "waiters", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile Object outcome;
  private volatile Object waiters;

  /** The loop whose queue runs this task's {@code onDone} callbacks; null when created off any loop. */
  private final EventLoop loop;

  /** A pending task tied to the calling thread's loop (null when the thread runs none). */
  protected TaskCore() {
    this(EventLoop.current());
  }

  /**
   * A pending task tied to a given loop.
   *
   * @param loop the loop for callbacks; may be null
   */
  protected TaskCore(final EventLoop loop) {
    this.loop = loop;
  }

  /** A task born complete ({@code done(x)}, a failed result): plain writes, no CAS, no thread-local lookup. */
  TaskCore(final Object outcome, final boolean unused) {
    this.loop = null;
    OUTCOME.setRelease(this, outcome);
    WAITERS.setRelease(this, CLOSED);
  }

  /**
   * The loop this task belongs to.
   *
   * @return the loop, or null for a task made off any loop
   */
  public final EventLoop loop() {
    return loop;
  }

  // ---- names ----------------------------------------------------------------------------------------------

  /**
   * Names set on tasks that have no name field (promises, combinators: rarely named, so they do not pay a field
   * each); weak keys, so a name never keeps its task alive. Only touched once some such task was named.
   */
  private static final java.util.Map<TaskCore<?>, String> SIDE_NAMES =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  private static volatile boolean sideNamed;

  @Override
  public String name() {
    if (sideNamed) {
      String n = SIDE_NAMES.get(this);
      if (n != null) {
        return n;
      }
    }
    return defaultName();
  }

  @Override
  public void setName(final String name) {
    Objects.requireNonNull(name, "name");
    sideNamed = true;
    SIDE_NAMES.put(this, name);
  }

  /** @return the name of a task nobody named: its kind by default */
  String defaultName() {
    return getClass().getSimpleName();
  }

  @Override
  public final boolean isDone() {
    return outcome != null;
  }

  @Override
  public final boolean isCancelled() {
    return outcome instanceof Failure f && f.cancelled;
  }

  @Override
  public final T result() {
    Object o = outcome;
    if (o == null) {
      throw new IllegalStateException("task pending: result() never blocks; await the task, or join() it off the loop");
    }
    return valueOf(o);
  }

  /** {@link #result()} for a task known to be done (generated code's fast path): no allocation on success. */
  final Object valueNow() {
    Object o = outcome;
    if (o == null) {
      throw new IllegalStateException("task pending: internal error, resumed before the awaited task was done");
    }
    return valueOf(o);
  }

  @SuppressWarnings("unchecked")
  static <T> T valueOf(final Object o) {
    if (o instanceof Failure f) {
      f.observe();
      throw Sneaky.raise(f.error);
    }
    return o == NIL ? null : (T) o;
  }

  /** The raw outcome (see the class comment); null while pending. */
  final Object outcome() {
    return outcome;
  }

  @Override
  public final T join() {
    if (EventLoop.current() != null) {
      throw new IllegalStateException(
          "join() on an event loop thread would block the loop that must finish the task: await it instead");
    }
    if (!isDone()) {
      Join j = new Join(Thread.currentThread());
      addWaiter(j);
      while (!isDone()) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new CompletionException(new InterruptedException("interrupted in Task.join()"));
        }
      }
    }
    return result();
  }

  @Override
  public final void onDone(final Consumer<? super Task<T>> action) {
    Objects.requireNonNull(action, "action");
    addWaiter(new OnDone(action, loop != null ? loop : EventLoop.current()));
  }

  @Override
  public final CompletableFuture<T> toCompletableFuture() {
    return FutureBridge.of(this);
  }

  @Override
  public String toString() {
    Object o = outcome;
    String state = o == null ? "pending"
        : o instanceof Failure f ? (f.cancelled ? "cancelled" : "failed: " + f.error)
        : "succeeded";
    return getClass().getSimpleName() + "['" + name() + "', " + state + "]";
  }

  // ---- completion, for subclasses -------------------------------------------------------------------------

  /**
   * Succeeds.
   *
   * @param value the value; may be null
   * @return true if this call completed the task
   */
  protected final boolean succeed(final T value) {
    return settle(value == null ? NIL : value);
  }

  /**
   * Fails, or is cancelled when {@code error} is a {@link CancelledException}.
   *
   * @param error the original exception; not null
   * @return true if this call completed the task
   */
  protected final boolean failWith(final Throwable error) {
    return settle(new Failure(Objects.requireNonNull(error, "error")));
  }

  /**
   * Is cancelled.
   *
   * @param e the exception awaiters receive; not null
   * @return true if this call completed the task
   */
  protected final boolean cancelWith(final CancelledException e) {
    return settle(new Failure(e));
  }

  /**
   * Takes a finished task's outcome as its own. A failure is carried on (see {@link Failure}): retrieved through
   * either task it counts for both, and reported at most once; from now on this task answers for it.
   */
  final boolean completeFrom(final TaskCore<?> source) {
    Object o = source.outcome;
    if (o instanceof Failure f) {
      if (settle(f.carriedOn())) {
        return true;
      }
      f.carried = false; // this task was done already: the source still answers for its failure
      return false;
    }
    return settle(o);
  }

  private boolean settle(final Object o) {
    if (!OUTCOME.compareAndSet(this, null, o)) {
      return false;
    }
    if (o instanceof Failure f && !f.cancelled) {
      Unretrieved.track(this, f);
    }
    completed();
    notifyWaiters(WAITERS.getAndSet(this, CLOSED));
    return true;
  }

  /** Hook run once by the completing thread, after the outcome is published and before waiters are told. */
  void completed() {
  }

  /**
   * Hook: a coroutine that awaited this finished task resumed with a {@link CancelledException} instead of taking
   * its value (the cancellation arrived after the task completed but before the coroutine ran again), so that value
   * is lost to it. Called on the awaiting coroutine's thread. Nothing by default; a {@link Handoff} gives back what
   * it carried (a lock, a permit, a queue item).
   */
  void valueDiscarded() {
  }

  // ---- waiters --------------------------------------------------------------------------------------------

  /**
   * Registers a waiter; a finished task tells it at once, on the calling thread.
   *
   * @param w the waiter; not null
   */
  final void addWaiter(final Waiter w) {
    for (;;) {
      Object head = waiters;
      if (head == CLOSED) {
        tell(w);
        return;
      }
      Object next = head == null ? w : new Node(w, head);
      if (WAITERS.compareAndSet(this, head, next)) {
        return;
      }
    }
  }

  private void notifyWaiters(final Object taken) {
    if (taken == null) {
      return;
    }
    if (!(taken instanceof Node)) {
      tell((Waiter) taken);
      return;
    }
    // Several waiters. Reverse the stack so they are told in registration order, and hold the trampoline so
    // that no waiter's queued work runs on this thread before all of them are told.
    Object prev = null;
    Object cur = taken;
    while (cur instanceof Node n) {
      Object next = n.next;
      n.next = prev;
      prev = n;
      cur = next;
    }
    Trampoline outer = Trampoline.enter();
    try {
      tell((Waiter) cur); // the bare waiter at the bottom of the stack is the oldest
      for (Object n = prev; n != null; n = ((Node) n).next) {
        tell(((Node) n).waiter);
      }
    } finally {
      if (outer != null) {
        outer.exit();
      }
    }
  }

  private void tell(final Waiter w) {
    try {
      w.taskDone(this);
    } catch (Throwable t) {
      // A waiter never runs user code, so this is a runtime bug or an Error; the other waiters still get told.
      Unhandled.report(t);
    }
  }

  /** A cell of the waiter stack when there is more than one waiter. */
  private static final class Node {
    final Waiter waiter;
    Object next;

    Node(final Waiter waiter, final Object next) {
      this.waiter = waiter;
      this.next = next;
    }
  }

  /** An {@code onDone} callback: queued on the loop (or the completing thread's trampoline), never run inline. */
  private static final class OnDone implements Waiter, Runnable {
    private final Consumer<? super Task<?>> action;
    private final EventLoop loop;
    private TaskCore<?> task;

    @SuppressWarnings("unchecked")
    OnDone(final Consumer<?> action, final EventLoop loop) {
      this.action = (Consumer<? super Task<?>>) action;
      this.loop = loop;
    }

    @Override
    public void taskDone(final TaskCore<?> t) {
      task = t; // published to the running thread by the queue hand-off
      Trampoline.dispatch(loop, this);
    }

    @Override
    public void run() {
      if (task.outcome instanceof Failure f) {
        f.observe(); // the callback was handed the task: it owns the failure now
      }
      action.accept(task);
    }
  }

  /** A thread blocked in {@link #join()}. */
  private static final class Join implements Waiter {
    private final Thread thread;

    Join(final Thread thread) {
      this.thread = thread;
    }

    @Override
    public void taskDone(final TaskCore<?> t) {
      LockSupport.unpark(thread);
    }
  }
}
