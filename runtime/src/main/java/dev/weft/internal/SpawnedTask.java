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

  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int CANCELLED_EARLY = 2;
  /** Or-ed into STARTED: a cancel() found the body running (no adoptee yet); forwarded once the adoptee is known. */
  private static final int CANCEL_PENDING = 4;

  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(SpawnedTask.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int phase;
  /**
   * The body (a {@code Supplier}) until it starts, then the body's task (a {@code TaskCore}) once it returned a
   * pending one: one field for the two, as they never live at the same time (a parked task is small).
   */
  private volatile Object bodyOrAdoptee;
  /** The reason of the latest cancel(reason); written before CANCEL_PENDING. */
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
    this.bodyOrAdoptee = Objects.requireNonNull(body, "body");
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
    if (!PHASE.compareAndSet(this, NEW, STARTED)) {
      return; // cancelled before it started: the body never runs
    }
    runInContext();
  }

  /** Starts the body, in the task's context. */
  @Override
  void step() {
    @SuppressWarnings("unchecked")
    Supplier<? extends Task<T>> b = (Supplier<? extends Task<T>>) bodyOrAdoptee;
    bodyOrAdoptee = null;
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
    if ((phase & CANCEL_PENDING) != 0) {
      t.cancel(cancelReason);
    }
  }

  @Override
  String defaultName() {
    return "spawn-" + number;
  }

  @Override
  String dumpState() {
    if (phase == NEW) {
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

  /** The body's task finished: adopt its outcome on our loop's next turn (no recursion through long chains). */
  @Override
  public void taskDone(final TaskCore<?> task) {
    loop().execute(this);
  }

  @Override
  boolean cancelRequested() {
    int p = phase;
    return (p & CANCEL_PENDING) != 0 || p == CANCELLED_EARLY;
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    if (PHASE.compareAndSet(this, NEW, CANCELLED_EARLY)) {
      cancelWith(new CancelledException(reason));
      return true;
    }
    cancelReason = reason;
    // Started. Set the flag before reading the adoptee, while step() publishes the adoptee before reading the flag:
    // one of us forwards the cancellation (twice is harmless).
    PHASE.getAndBitwiseOr(this, CANCEL_PENDING);
    TaskCore<?> a = adoptee();
    if (a != null) {
      a.cancel(reason);
    }
    return true;
  }
}
