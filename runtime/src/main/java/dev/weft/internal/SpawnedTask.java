package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code spawn(body)}: a task whose body starts on a later turn of the loop (asyncio's {@code create_task}) and
 * which then follows the task the body returns.
 *
 * <pre>
 *   NEW ──run()──► STARTED (follows the body's task; cancel() forwards to it)
 *    └──cancel()──► CANCELLED_EARLY (done at once; the body never runs)
 * </pre>
 *
 * <p>Threads: created and run on the loop thread; {@link #cancel()} from any thread (the phase CAS decides
 * between "never start" and "forward to the body's task").
 *
 * @param <T> the value type
 */
public final class SpawnedTask<T> extends LiveTask<T> implements Runnable, Waiter {

  // The state word: the phase in its low two bits, a sticky "cancel requested after the start" bit, and the count of
  // those requests not yet passed on to the adoptee above it. One int instead of three keeps a spawned task small.
  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int CANCELLED_EARLY = 2;
  private static final int PHASE = 3;
  private static final int REQUESTED = 4;
  private static final int ONE_PENDING = 8;

  private static final VarHandle STATE;
  private static final VarHandle BODY_OR_ADOPTEE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(SpawnedTask.class, "state", int.class);
      BODY_OR_ADOPTEE = lookup.findVarHandle(SpawnedTask.class, "bodyOrAdoptee", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Phase, requested bit and pending count (see above). */
  private volatile int state;
  /**
   * The body (a {@code Supplier}) until it starts, then the body's task (a {@code TaskCore}) once it returned a
   * pending one: one field for the two, as they never live at the same time (a parked task is small).
   */
  private volatile Object bodyOrAdoptee;
  /** The reason of the latest cancel(reason); written before the request is counted. */
  private volatile String cancelReason;
  /** N in the default name {@code spawn-N}: the loop's count of spawns so far. */
  private final int number;

  /**
   * Schedules a body on a loop. Loop thread only.
   *
   * @param loop the calling thread's loop; not null
   * @param body returns the task to follow; not null
   */
  public SpawnedTask(final EventLoop loop, final Supplier<? extends Task<T>> body) {
    super(Objects.requireNonNull(loop, "loop"));
    // A plain write: the queue hand-off publishes it to the loop, and a cancel() elsewhere that misses it reads
    // "no adoptee yet", which is what it means.
    BODY_OR_ADOPTEE.set(this, Objects.requireNonNull(body, "body"));
    this.number = loop.tasks().nextSpawnNumber();
    this.context = TaskContext.forSpawn(); // a copy of the spawner's task-locals (asyncio's create_task)
    link();
    loop.execute(this);
  }

  /** First run: start the body. Later run (the adoptee finished): take its outcome. */
  @Override
  public void run() {
    if (bodyOrAdoptee instanceof TaskCore<?> a) {
      completeFrom(a);
      return;
    }
    if (!STATE.compareAndSet(this, NEW, STARTED)) {
      return; // cancelled before it started: the body never runs
    }
    runInContext();
  }

  /** Starts the body, in the task's context. */
  @Override
  void step() {
    @SuppressWarnings("unchecked")
    Supplier<? extends Task<T>> b = (Supplier<? extends Task<T>>) bodyOrAdoptee;
    BODY_OR_ADOPTEE.setRelease(this, null); // no fence needed: readers take anything but a task as "no adoptee"
    Task<T> r;
    try {
      r = b.get();
    } catch (Throwable t) {
      failWith(t);
      return;
    }
    if (r == null) {
      failWith(new NullPointerException("the spawned body returned null"));
      return;
    }
    TaskCore<?> t = (TaskCore<?>) r;
    if (t.isDone()) {
      completeFrom(t);
      return;
    }
    bodyOrAdoptee = t;
    t.addWaiter(this);
    forwardCancels(t);
  }

  /**
   * Passes each cancel() request on to the adoptee exactly once. {@link #step()} calls this after publishing
   * {@code adoptee}, {@link #cancel} after counting its request: one of them sees the other's write, and the CAS
   * that takes one from the pending count gives each request to one caller only. (Twice is not harmless: a coroutine
   * adoptee throws one {@code CancelledException} per request, so a second one would hit its next await, in a
   * finally, say.)
   */
  private void forwardCancels(final TaskCore<?> t) {
    for (;;) {
      int s = state;
      if (s < ONE_PENDING) {
        return;
      }
      if (STATE.compareAndSet(this, s, s - ONE_PENDING)) {
        t.cancel(cancelReason);
      }
    }
  }

  @Override
  String defaultName() {
    return "spawn-" + number;
  }

  @Override
  String dumpState() {
    if ((state & PHASE) == NEW) {
      return "SCHEDULED";
    }
    TaskCore<?> a = adoptee();
    return a != null && !a.isDone() ? "SUSPENDED" : "RUNNABLE";
  }

  @Override
  Object awaiting() {
    return adoptee();
  }

  /** @return the body's task once it returned a pending one; null before that */
  private TaskCore<?> adoptee() {
    return bodyOrAdoptee instanceof TaskCore<?> a ? a : null;
  }

  /**
   * The body's task finished: adopt its outcome. On the loop thread at once, unless {@value LoopTasks#MAX_INLINE}
   * adoptions are already running inside one another (a chain of spawned tasks each following the next); then, as
   * from any other thread, on the loop's next turn, so long chains never recurse deeply.
   */
  @Override
  public void taskDone(final TaskCore<?> task) {
    EventLoop l = loop();
    if (l.inLoopThread()) {
      LoopTasks tasks = l.tasks();
      if (tasks.inlineAdoptions < LoopTasks.MAX_INLINE) {
        tasks.inlineAdoptions++;
        try {
          completeFrom(task);
        } finally {
          tasks.inlineAdoptions--;
        }
        return;
      }
    }
    l.execute(this);
  }

  @Override
  boolean cancelRequested() {
    return state >= REQUESTED || (state & PHASE) == CANCELLED_EARLY;
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    if (STATE.compareAndSet(this, NEW, CANCELLED_EARLY)) {
      cancelWith(new CancelledException(reason));
      return true;
    }
    if ((state & PHASE) == CANCELLED_EARLY) {
      return false; // another cancel() stopped it before it started
    }
    cancelReason = reason;
    // Started. Count the request before reading adoptee, while step() publishes adoptee before reading the count:
    // at least one of us sees both and passes the request on; forwardCancels makes it exactly one.
    int s;
    do {
      s = state;
    } while (!STATE.compareAndSet(this, s, (s | REQUESTED) + ONE_PENDING));
    TaskCore<?> a = adoptee();
    if (a != null) {
      forwardCancels(a);
    }
    return true;
  }
}
