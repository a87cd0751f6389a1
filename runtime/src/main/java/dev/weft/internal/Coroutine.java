package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * One suspended call of an {@code @Async} method: at once its task (what the caller awaits) and its save area
 * (the live locals and stack values kept across a suspension). Generated code creates it at the method's first
 * real suspension, never before, so a call that never suspends allocates none.
 *
 * <p>The protocol, as the transformer emits it for {@code @Async static Task<String> greet(String n)}:
 * <pre>{@code
 * static Task<String> greet(String n) { return greet(n, null); }
 * private static Task<String> greet(String n, Coroutine c) {
 *   try {
 *     if (c != null) switch (c.state()) { case 1: n = (String) Coroutine.restoreRef(c, 0); v = c.resumeValue(); goto K1; }
 *     ...
 *     if (AwaitSupport.isDone(x)) v = AwaitSupport.valueOf(x);                  // no suspension, no allocation
 *     else {
 *       if (c == null) c = Coroutine.create(RESUMER, null, Coroutine.TASK, 1, 0);
 *       Coroutine.saveRef(n, c, 0);
 *       return (Task<String>) c.suspend(1, x);
 *     }
 *   K1: ...
 *     return (Task<String>) AwaitSupport.returnTask(r, c);
 *   } catch (Throwable t) {
 *     return (Task<String>) AwaitSupport.failTask(t, c);
 *   }
 * }
 * }</pre>
 *
 * <p>Resumption ({@link #run()}) always goes through a queue: the loop captured at {@link #create} (the creating
 * thread's loop), or, with no loop, the trampoline of the thread that completed the awaited value. Never inline in
 * a completion, never as deep recursion.
 *
 * <p>Waking is a single CAS on {@code waitingOn}, the object the current suspension awaits: completion of that
 * object and cancellation race for it, exactly one wins and enqueues the coroutine, and a late notification from an
 * earlier suspension (a task we stopped waiting for after a cancellation) finds a different object and does
 * nothing.
 *
 * <p>Cancellation: {@link #cancel()} counts a request. Suspended on a task, it cancels that task and is woken when
 * that task ends (asyncio's rule); suspended on anything else, it is woken at once. {@link #resumeValue()} then
 * throws one new {@link CancelledException} per request. A request made while the body runs is delivered at its
 * next suspension (which wakes at once); one made after its last suspension is forwarded to the task the body
 * returned, if pending, and otherwise lapses.
 *
 * <p>Threads: the body, {@code suspend}, {@code resumeValue} and the save area belong to whichever thread runs
 * the body (the loop thread); {@link #cancel()} and the completion paths are safe from any thread.
 */
public final class Coroutine extends LiveTask<Object> implements Runnable, Waiter {

  /** The {@code @Async} method returns {@code dev.weft.Task}; the face is the coroutine itself. */
  public static final int TASK = 0;
  /** The method returns {@code CompletableFuture}; the face is a future that follows the coroutine. */
  public static final int COMPLETABLE_FUTURE = 1;
  /** The method returns {@code CompletionStage}; the face is a future that follows the coroutine. */
  public static final int COMPLETION_STAGE = 2;

  private static final Object[] NO_REFS = {};
  /** Flag in {@code cancelRequests}: a request was passed on, so a cancellation is on its way (shutdown skips). */
  private static final int FORWARDED = 1 << 30;
  private static final long[] NO_PRIMS = {};

  private static final VarHandle WAITING_ON;
  private static final VarHandle CANCEL_REQUESTS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WAITING_ON = lookup.findVarHandle(Coroutine.class, "waitingOn", Object.class);
      CANCEL_REQUESTS = lookup.findVarHandle(Coroutine.class, "cancelRequests", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What all calls of the method share: resumer, kind, save-area sizes, suspension sites. */
  private final MethodSite site;
  private final Object self;
  private final Object[] refs;
  private final long[] prims;

  /** The suspension point to resume at; body thread only. */
  private int state;
  /**
   * What the current suspension awaits (a TaskCore or a CompletionStage), and, once an awaited or adopted stage
   * completed, its {@link StageOutcome} (written by the waker that won the CAS, read after the queue hand-off):
   * stages are the rare case, so they pay a small box rather than every coroutine a field. Body thread otherwise.
   */
  private Object awaited;

  /** The object the current suspension waits for; null while running or queued to run. The wake token. */
  private volatile Object waitingOn;
  /**
   * cancel() calls not yet delivered as a CancelledException (or passed on, see {@link #forwardCancels}), plus
   * {@link #FORWARDED} once one was passed on to the task the finished body returned.
   */
  private volatile int cancelRequests;
  /** The reason of the latest cancel(reason), the message of the next CancelledException; written before the count. */
  private volatile String cancelReason;
  /** What the finished body returned (a pending TaskCore or CompletionStage) and this task now follows. */
  private volatile Object adoptee;

  private Coroutine(final EventLoop loop, final MethodSite site, final Object self) {
    super(loop);
    this.site = site;
    this.self = self;
    this.refs = site.refSlots == 0 ? NO_REFS : new Object[site.refSlots];
    this.prims = site.primSlots == 0 ? NO_PRIMS : new long[site.primSlots];
  }

  /**
   * Creates the coroutine of a call at its first real suspension, tied to the calling thread's loop (if any). This
   * is what rewritten methods call, with the site their {@code invokedynamic} made once.
   *
   * @param site the method's shared facts; not null
   * @param self the receiver of an instance method; null for a static one
   * @return the new coroutine
   */
  public static Coroutine create(final MethodSite site, final Object self) {
    Coroutine c = new Coroutine(EventLoop.current(), Objects.requireNonNull(site, "site"), self);
    c.context = TaskContext.current(); // the caller's logical task: shared, not copied
    c.link();
    return c;
  }

  /**
   * As {@link #create(MethodSite, Object)}, for hand-written state machines (tests): a new site per call.
   *
   * @param resumer re-enters the method's body; not null
   * @param self the receiver of an instance method; null for a static one
   * @param kind {@link #TASK}, {@link #COMPLETABLE_FUTURE} or {@link #COMPLETION_STAGE}
   * @param refSlots size of the reference save area
   * @param primSlots size of the primitive save area (one slot per int, long, float or double)
   * @return the new coroutine
   */
  public static Coroutine create(final Resumer resumer, final Object self, final int kind, final int refSlots,
      final int primSlots) {
    return create(new MethodSite(resumer, kind, refSlots, primSlots, null), self);
  }

  /**
   * The entry point of classes rewritten by Weft 0.1 before {@link MethodSite} existed (a library built with an
   * older plugin keeps working with this runtime; it pays a site per coroutine). New output never calls it.
   *
   * @param resumer re-enters the method's body; not null
   * @param self the receiver of an instance method; null for a static one
   * @param kind the method's kind
   * @param refSlots size of the reference save area
   * @param primSlots size of the primitive save area
   * @param sites where the suspension points are; may be null
   * @return the new coroutine
   */
  public static Coroutine create(final Resumer resumer, final Object self, final int kind, final int refSlots,
      final int primSlots, final String sites) {
    return create(new MethodSite(resumer, kind, refSlots, primSlots, sites), self);
  }

  /**
   * Where this call is suspended (or last suspended), as a stack-trace element: class, method, file and the line of
   * the current await; null when unknown. Computed on demand; nothing is paid per await.
   */
  public StackTraceElement site() {
    String info = site.sites;
    int k = state;
    if (info == null || k <= 0) {
      return null;
    }
    int a = info.indexOf('|');
    int b = info.indexOf('|', a + 1);
    int f = info.indexOf('|', b + 1);
    if (a < 0 || b < 0 || f < 0) {
      return null;
    }
    // the k-th comma-separated line number after the third bar
    int from = f + 1;
    for (int i = 1; i < k && from > 0; i++) {
      from = info.indexOf(',', from) + 1;
    }
    int line = -1;
    if (from > 0 && from < info.length()) {
      int to = info.indexOf(',', from);
      try {
        line = Integer.parseInt(info, from, to < 0 ? info.length() : to, 10);
      } catch (NumberFormatException e) {
        line = -1;
      }
    }
    return new StackTraceElement(info.substring(0, a), info.substring(a + 1, b),
        b + 1 == f ? null : info.substring(b + 1, f), line);
  }

  /** The default name: {@code SimpleClass.method} from the sites constant ({@code Hello.greet}). */
  @Override
  String defaultName() {
    String info = site.sites;
    int a = info == null ? -1 : info.indexOf('|');
    int b = a < 0 ? -1 : info.indexOf('|', a + 1);
    if (b < 0) {
      return site.resumer.getClass().getName();
    }
    String method = info.substring(a + 1, b);
    if (method.startsWith("lambda in ")) {
      method = method.substring("lambda in ".length()) + "$lambda";
    }
    return info.substring(info.lastIndexOf('.', a) + 1, a) + "." + method;
  }

  @Override
  String dumpState() {
    if (adoptee != null) {
      return "RETURNING";
    }
    return waitingOn != null ? "SUSPENDED" : "RUNNABLE";
  }

  @Override
  Object awaiting() {
    Object a = adoptee;
    return a != null ? a : waitingOn;
  }

  /** @return the receiver of an instance method, null for a static one */
  public Object self() {
    return self;
  }

  /** @return the suspension point to resume at (1..n); 0 before the first suspension */
  public int state() {
    return state;
  }

  // ---- suspension -----------------------------------------------------------------------------------------

  /**
   * Suspends the call on a task: records the state, counts the suspension, registers as the task's waiter, and
   * returns the face the method must return. If cancellation was requested while the body ran, the coroutine is
   * woken at once so that the {@link CancelledException} is delivered here.
   *
   * @param state the suspension point (1..n)
   * @param awaitedTask the pending task; not null
   * @return this coroutine for a {@code Task} method; otherwise, at the first suspension its {@code CompletableFuture}
   *     face, and later null (see {@link #face})
   */
  public Object suspend(final int state, final Task<?> awaitedTask) {
    TaskCore<?> t = (TaskCore<?>) Objects.requireNonNull(awaitedTask, "await(null)");
    boolean first = this.state == 0;
    begin(state, t);
    // Without a loop, hold this thread's trampoline: if the task completes under our feet (another thread, right
    // now), the resumption must queue behind this body's return instead of running inside it.
    Trampoline outer = getLoop() == null ? Trampoline.enter() : null;
    try {
      t.addWaiter(this);
      if (cancelRequests > 0) {
        wake(t);
      }
    } finally {
      if (outer != null) {
        outer.exit();
      }
    }
    return face(first);
  }

  /**
   * Suspends the call on a {@code CompletionStage}; as {@link #suspend(int, Task)}. A foreign stage is never
   * cancelled by cancelling the coroutine: the coroutine is woken at once instead.
   *
   * @param state the suspension point (1..n)
   * @param stage the pending stage; not null
   * @return the face the method must return
   */
  public Object suspend(final int state, final CompletionStage<?> stage) {
    Objects.requireNonNull(stage, "await(null)");
    boolean first = this.state == 0;
    begin(state, stage);
    Trampoline outer = getLoop() == null ? Trampoline.enter() : null;
    try {
      stage.whenComplete((v, e) -> stageDone(stage, v, e));
      if (cancelRequests > 0) {
        wake(stage);
      }
    } finally {
      if (outer != null) {
        outer.exit();
      }
    }
    return face(first);
  }

  private void begin(final int state, final Object what) {
    this.state = state;
    this.awaited = what;
    Stats.suspended(loop());
    // Published before registering, so a completion racing with the registration finds it. Written before
    // reading cancelRequests, while cancel() increments before reading waitingOn: one of the two sees the other.
    this.waitingOn = what;
  }

  private void stageDone(final Object stage, final Object v, final Throwable e) {
    if (WAITING_ON.compareAndSet(this, stage, null)) {
      awaited = new StageOutcome(v, e);
      dispatch();
    }
  }

  /** Wakes the current suspension if it still waits for {@code what}; the CAS makes exactly one waker win. */
  private void wake(final Object what) {
    if (WAITING_ON.compareAndSet(this, what, null)) {
      dispatch();
    }
  }

  private void dispatch() {
    Trampoline.dispatch(getLoop(), this);
  }

  private EventLoop getLoop() {
    return loop();
  }

  /** An awaited task finished (or a task the finished body returned). Any thread; enqueues, never runs. */
  @Override
  public void taskDone(final TaskCore<?> task) {
    if (task == adoptee) {
      dispatch();
    } else {
      wake(task);
    }
  }

  /**
   * The value of the await this call was suspended at. Throws a new {@link CancelledException} if a cancellation
   * is pending (one per {@code cancel()}), else the awaited failure's original exception (checked ones too; a
   * stage's {@code CompletionException} / {@code ExecutionException} unwrapped to its cause; a JDK
   * {@code CancellationException} as is). When the cancellation wins over an awaited task that had already
   * succeeded, that task is told ({@code TaskCore.valueDiscarded()}): a {@link Handoff} from a lock or a queue
   * gives back what it carried, so a cancelled {@code await(lock.acquire())} never leaks the lock.
   *
   * @return the awaited value, possibly null
   */
  public Object resumeValue() {
    Object a = awaited;
    awaited = null;
    if (cancelRequests > 0) {
      // Only this thread decrements; cancel() increments from anywhere. So the count cannot drop below zero.
      CANCEL_REQUESTS.getAndAdd(this, -1);
      if (a instanceof TaskCore<?> t) {
        t.valueDiscarded(); // a hand-off (lock, permit, queue item) this call will never take goes back
      }
      throw new CancelledException(cancelReason);
    }
    if (a instanceof TaskCore<?> t) {
      try {
        return t.valueNow();
      } catch (Throwable failure) {
        // Failure path only (a try range costs nothing on success): the awaited failure reaches this caller.
        AsyncTraces.record(failure, this);
        throw failure;
      }
    }
    StageOutcome o = (StageOutcome) a;
    if (o.error != null) {
      Throwable failure = AwaitSupport.unwrap(o.error);
      AsyncTraces.record(failure, this);
      throw Sneaky.raise(failure);
    }
    return o.value;
  }

  // ---- resumption and completion --------------------------------------------------------------------------

  /** Resumes the body at its suspension point, or, once the body has returned a pending task, adopts its end. */
  @Override
  public void run() {
    Object a = adoptee;
    if (a != null) {
      settleAdopted(a);
      return;
    }
    runInContext();
  }

  /** The resumption proper, inside the task's context. */
  @Override
  void step() {
    try {
      site.resumer.resume(this);
    } catch (Throwable t) {
      // Generated bodies catch everything; a throwing resumer is a bug, but the task must still end.
      if (!failWith(t)) {
        Unhandled.report(t);
      }
    }
  }

  private void settleAdopted(final Object a) {
    if (a instanceof TaskCore<?> t) {
      completeFrom(t);
    } else {
      StageOutcome o = (StageOutcome) awaited;
      if (o.error != null) {
        failWith(AwaitSupport.unwrap(o.error));
      } else {
        succeed(o.value);
      }
    }
  }

  /** The body returned {@code r}: follow it (loop hop when it is pending, so long chains never recurse). */
  Object adoptTask(final Task<?> r) {
    if (r == null) {
      failWith(new NullPointerException("an @Async method returned null"));
      return face(false);
    }
    TaskCore<?> t = (TaskCore<?>) r;
    if (t.isDone()) {
      completeFrom(t);
      return face(false);
    }
    adoptee = t;
    t.addWaiter(this);
    forwardCancels(t); // cancel() calls that arrived after the last suspension: the returned task carries them
    return face(false);
  }

  /** The body returned a stage: follow it. */
  Object adoptStage(final CompletionStage<?> r) {
    if (r == null) {
      failWith(new NullPointerException("an @Async method returned null"));
      return face(false);
    }
    adoptee = r;
    r.whenComplete((v, e) -> {
      awaited = new StageOutcome(v, e);
      dispatch();
    });
    return face(false);
  }

  /** The body let {@code t} escape. */
  Object fail(final Throwable t) {
    failWith(t);
    return face(false);
  }

  /**
   * What the method returns: this coroutine for a {@code Task} method. A future method's face, a future following
   * this coroutine, is made at the first suspension: that is the only return that reaches a caller (the method's
   * caller), every later one goes back to the {@link Resumer}, which drops it; so later returns are null (the
   * generated cast accepts it) and no field keeps the face.
   *
   * @param first whether this is the call's first suspension
   * @return the face
   */
  private Object face(final boolean first) {
    if (site.kind == TASK) {
      return this;
    }
    return first ? FutureBridge.of(this) : null;
  }

  @Override
  boolean cancelRequested() {
    return cancelRequests != 0;
  }

  @Override
  public boolean cancel(final String reason) {
    if (isDone()) {
      return false;
    }
    cancelReason = reason;
    CANCEL_REQUESTS.getAndAdd(this, 1);
    Object w = waitingOn;
    if (w != null) {
      // Suspended. On a task: cancel it and let its end wake us (asyncio). On a stage, or a task that could not be
      // cancelled (already done, so our wake-up is on its way): wake now; the CAS ignores a lost race.
      if (!(w instanceof Task<?> t && t.cancel(reason))) {
        wake(w);
      }
      return true;
    }
    Object a = adoptee;
    if (a instanceof Task<?> t) {
      forwardCancels(t);
    } else if (a != null) {
      cancelWith(new CancelledException(reason));
      if (a instanceof Future<?> f) {
        f.cancel(false);
      }
    }
    // Otherwise running or queued to run: resumeValue() or the next suspend() delivers it.
    return true;
  }

  /**
   * Passes each {@code cancel()} not delivered at a suspension on to the task the finished body returned, exactly
   * once. Both {@link #adoptTask} (after publishing {@code adoptee}) and {@link #cancel} (after counting its request)
   * call this; each sees the other's write, and the CAS that takes a request off the count hands it to one of
   * them, so a cancel() racing the body's return is neither lost nor passed on twice (a coroutine receiving it twice
   * would throw a second {@link CancelledException} at its next await, in a finally, say). The count is not read at
   * a suspension any more (the body has returned); {@link #FORWARDED} keeps {@link #cancelRequested()} true.
   */
  private void forwardCancels(final Task<?> t) {
    for (;;) {
      int c = cancelRequests;
      int pending = c & ~FORWARDED;
      if (pending == 0) {
        return;
      }
      if (CANCEL_REQUESTS.compareAndSet(this, c, (pending - 1) | FORWARDED)) {
        t.cancel(cancelReason);
      }
    }
  }

  // ---- save areas -----------------------------------------------------------------------------------------

  /**
   * Saves a reference.
   *
   * @param v the value; may be null
   * @param c the coroutine
   * @param slot the reference slot
   */
  public static void saveRef(final Object v, final Coroutine c, final int slot) {
    c.refs[slot] = v;
  }

  /** Saves an int. @param v value @param c coroutine @param slot primitive slot */
  public static void saveInt(final int v, final Coroutine c, final int slot) {
    c.prims[slot] = v;
  }

  /** Saves a long. @param v value @param c coroutine @param slot primitive slot */
  public static void saveLong(final long v, final Coroutine c, final int slot) {
    c.prims[slot] = v;
  }

  /** Saves a float (raw bits). @param v value @param c coroutine @param slot primitive slot */
  public static void saveFloat(final float v, final Coroutine c, final int slot) {
    c.prims[slot] = Float.floatToRawIntBits(v);
  }

  /** Saves a double (raw bits). @param v value @param c coroutine @param slot primitive slot */
  public static void saveDouble(final double v, final Coroutine c, final int slot) {
    c.prims[slot] = Double.doubleToRawLongBits(v);
  }

  /**
   * Restores a reference and clears its slot: a suspended task must not keep dead objects reachable.
   *
   * @param c the coroutine
   * @param slot the reference slot
   * @return the saved value
   */
  public static Object restoreRef(final Coroutine c, final int slot) {
    Object v = c.refs[slot];
    c.refs[slot] = null;
    return v;
  }

  /** @param c coroutine @param slot primitive slot @return the saved int */
  public static int restoreInt(final Coroutine c, final int slot) {
    return (int) c.prims[slot];
  }

  /** @param c coroutine @param slot primitive slot @return the saved long */
  public static long restoreLong(final Coroutine c, final int slot) {
    return c.prims[slot];
  }

  /** @param c coroutine @param slot primitive slot @return the saved float */
  public static float restoreFloat(final Coroutine c, final int slot) {
    return Float.intBitsToFloat((int) c.prims[slot]);
  }

  /** @param c coroutine @param slot primitive slot @return the saved double */
  public static double restoreDouble(final Coroutine c, final int slot) {
    return Double.longBitsToDouble(c.prims[slot]);
  }

  /** A completed stage's value or exception, as its completing thread saw it. */
  private record StageOutcome(Object value, Throwable error) {}

  @Override
  public String toString() {
    StackTraceElement at = site();
    return "Coroutine['" + name() + "' at " + (at != null ? at : site.resumer.getClass().getName()) + ", state "
        + state + ", "
        + (isDone() ? super.toString() : waitingOn != null ? "suspended" : "running") + "]";
  }
}
