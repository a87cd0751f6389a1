package dev.weft;

import dev.weft.internal.DoneTask;
import dev.weft.internal.Gather;
import dev.weft.internal.NotTransformed;
import dev.weft.internal.SleepTask;
import dev.weft.internal.SpawnedTask;
import dev.weft.internal.Unhandled;
import dev.weft.loop.EventLoop;
import dev.weft.loop.LoopRunner;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The user API of Weft, to import statically: {@code await}, {@code done}, {@code run}, {@code spawn},
 * {@code sleep}, {@code gather}.
 *
 * <pre>{@code
 * import static dev.weft.Weft.*;
 *
 * @Async
 * static Task<Void> main0() {
 *   List<String> all = await(gather(greet("a"), greet("b")));
 *   return done();
 * }
 *
 * public static void main(String[] args) {
 *   run(Hello::main0);
 * }
 * }</pre>
 *
 * <p>Threads: {@code spawn} and {@code sleep} need the calling thread to run a loop (inside {@link #run}); the
 * rest work on any thread. Nulls: no argument may be null; values may.
 */
public final class Weft {

  private Weft() {
    throw new AssertionError();
  }

  /**
   * The value of a task, suspending the calling {@code @Async} method until it is done (no suspension when it
   * already is). A failed task rethrows its original exception object, checked ones included.
   *
   * @param task the task; not null
   * @param <T> the value type
   * @return the value
   * @throws IllegalStateException always, when it actually runs: the calling method was not transformed
   */
  public static <T> T await(final Task<T> task) {
    throw NotTransformed.awaitCalled();
  }

  /**
   * The value of a stage, suspending the calling {@code @Async} method until it is done. A failure rethrows the
   * original exception ({@code CompletionException} unwrapped; a JDK {@code CancellationException} as is).
   *
   * @param stage the stage; not null
   * @param <T> the value type
   * @return the value
   * @throws IllegalStateException always, when it actually runs: the calling method was not transformed
   */
  public static <T> T await(final CompletionStage<T> stage) {
    throw NotTransformed.awaitCalled();
  }

  /**
   * A succeeded task: the usual {@code return done(x);} of an {@code @Async} method.
   *
   * @param value the value; may be null
   * @param <T> the value type
   * @return a done task
   */
  public static <T> Task<T> done(final T value) {
    return DoneTask.of(value);
  }

  /**
   * The succeeded {@code Task<Void>}: {@code return done();}.
   *
   * @return a shared done task
   */
  public static Task<Void> done() {
    return DoneTask.VOID;
  }

  /**
   * asyncio's {@code run}: starts an event loop on the calling thread, calls {@code main} on it, runs until the
   * main task is done, cancels every task still pending and lets them finish, closes the loop.
   *
   * @param main supplies the main task; not null
   * @param <T> the value type
   * @return the main task's value
   * @throws IllegalStateException if the calling thread already runs a loop
   * @throws CancelledException if the main task was cancelled; any other failure is rethrown as is
   */
  public static <T> T run(final Supplier<? extends Task<T>> main) {
    Objects.requireNonNull(main, "main");
    // The main task's task-locals start as a copy of the calling thread's and never leak back to it.
    return LoopRunner.run(() -> dev.weft.internal.TaskContext.callRoot(main));
  }

  /**
   * Schedules a new task on the current loop; its body starts on a later turn (asyncio's {@code create_task}).
   * Cancelled before it starts, the body never runs.
   *
   * @param body returns the task to follow (typically a call of an {@code @Async} method); not null
   * @param <T> the value type
   * @return the new task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <T> Task<T> spawn(final Supplier<? extends Task<T>> body) {
    Objects.requireNonNull(body, "body");
    return new SpawnedTask<>(requireLoop("spawn"), body);
  }

  /**
   * A task that completes after a delay. Zero or less yields exactly one turn; absurdly long delays are clamped.
   *
   * @param delay the delay; not null
   * @return the timer task; cancelling it cancels the timer
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<Void> sleep(final Duration delay) {
    Objects.requireNonNull(delay, "delay");
    long nanos;
    try {
      nanos = delay.toNanos();
    } catch (ArithmeticException e) {
      nanos = delay.isNegative() ? 0 : Long.MAX_VALUE;
    }
    return new SleepTask(requireLoop("sleep"), nanos);
  }

  /**
   * As {@link #sleep(Duration)}.
   *
   * @param millis the delay in milliseconds
   * @return the timer task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<Void> sleep(final long millis) {
    return new SleepTask(requireLoop("sleep"), TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /**
   * The values of several tasks, in argument order. The first failure in time fails the result and the others
   * keep running; cancelling the result cancels every task.
   *
   * @param tasks the tasks; not null, no null element
   * @param <T> the element type
   * @return a task of the list of values (unmodifiable; elements may be null)
   */
  @SafeVarargs
  public static <T> Task<List<T>> gather(final Task<? extends T>... tasks) {
    return new Gather<>(Arrays.asList(tasks));
  }

  /**
   * As {@link #gather(Task[])}.
   *
   * @param tasks the tasks; not null, no null element
   * @param <T> the element type
   * @return a task of the list of values
   */
  public static <T> Task<List<T>> gather(final List<? extends Task<? extends T>> tasks) {
    return new Gather<>(List.copyOf(tasks));
  }

  // ---- task names and task dumps (types in dev.weft, machinery in dev.weft.internal) -------------------------
  // Names are fully qualified here so that this block is the only change to this file's layout.

  /**
   * As {@link #spawn(Supplier)}, with a name (asyncio's {@code create_task(coro, name=...)}), shown by
   * {@link #dumpTasks()}, by reports of failures nobody retrieved, and by {@link Task#name()}.
   *
   * <pre>{@code
   * Task<Void> poller = spawn("poller", () -> poll(url));
   * }</pre>
   *
   * @param name the task's name; not null
   * @param body returns the task to follow; not null
   * @param <T> the value type
   * @return the new task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <T> Task<T> spawn(final String name, final Supplier<? extends Task<T>> body) {
    Objects.requireNonNull(name, "name");
    Task<T> t = spawn(body);
    t.setName(name);
    return t;
  }

  /**
   * A task dump, like a thread dump: every live task (spawned tasks and suspended {@code @Async} calls) with its
   * name, its state, what it waits on, the {@code file:line} of the {@code await} where it is suspended and the
   * chain of {@code @Async} callers awaiting it. On a loop thread, that loop's tasks; on any other thread, every
   * running loop's (each loop answers through its queue; a loop blocked for over a second is read as is, best
   * effort). The same text is available over JMX ({@code dev.weft:type=EventLoop}, operation {@code dumpTasks})
   * and, with {@code -Ddev.weft.dumpSignal=NAME} (e.g. {@code USR2}), on that signal (printed to standard error).
   *
   * <pre>{@code
   * System.err.print(Weft.dumpTasks());
   * }</pre>
   *
   * @return the dump; never null
   */
  public static String dumpTasks() {
    return dev.weft.internal.TaskDump.dump();
  }

  // ---- combinators and structured concurrency (types in dev.weft.task, machinery in dev.weft.internal) --------
  // Names are fully qualified here so that this block is the only change to this file's layout.

  /**
   * The outcomes of several tasks, in argument order, once all are done (asyncio's
   * {@code gather(..., return_exceptions=True)}): a failure or cancellation becomes an
   * {@link dev.weft.task.Outcome.Failure} element instead of failing the result. Cancelling the result cancels every
   * task, and it then ends cancelled.
   *
   * <pre>{@code
   * List<Outcome<String>> all = await(gatherSettled(fetch("a"), fetch("b")));
   * }</pre>
   *
   * @param tasks the tasks; not null, no null element
   * @param <T> the element type
   * @return a task of the list of outcomes (unmodifiable), never failed by a child
   */
  @SafeVarargs
  public static <T> Task<List<dev.weft.task.Outcome<T>>> gatherSettled(final Task<? extends T>... tasks) {
    return new dev.weft.internal.SettledGather<>(Arrays.asList(tasks));
  }

  /**
   * As {@link #gatherSettled(Task[])}.
   *
   * @param tasks the tasks; not null, no null element
   * @param <T> the element type
   * @return a task of the list of outcomes
   */
  public static <T> Task<List<dev.weft.task.Outcome<T>>> gatherSettled(final List<? extends Task<? extends T>> tasks) {
    return new dev.weft.internal.SettledGather<>(List.copyOf(tasks));
  }

  /**
   * asyncio's {@code wait(tasks, return_when=FIRST_COMPLETED)}: ends as soon as any task is done, with the done and
   * pending tasks. Cancels nothing, never fails because of a task; cancelling the wait cancels only the wait.
   *
   * <pre>{@code
   * WaitResult<Task<String>> r = await(waitFirst(List.of(a, b)));
   * }</pre>
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param <F> the task type
   * @return a task of the split
   * @throws IllegalArgumentException if {@code tasks} is empty
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirst(
      final java.util.Collection<? extends F> tasks) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.FIRST_COMPLETED, -1);
  }

  /**
   * As {@link #waitFirst(Collection)}.
   *
   * @param tasks the tasks; not empty, no null element
   * @param <F> the task type
   * @return a task of the split
   */
  @SafeVarargs
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirst(final F... tasks) {
    return waitFirst(Arrays.asList(tasks));
  }

  /**
   * As {@link #waitFirst(Collection)}, ending after {@code timeout} at the latest, with whatever is done by then
   * (possibly nothing: a timeout is not a failure here, as in asyncio).
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param timeout the longest wait; not null
   * @param <F> the task type
   * @return a task of the split
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirst(
      final java.util.Collection<? extends F> tasks,
      final Duration timeout) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.FIRST_COMPLETED, nanos(timeout));
  }

  /**
   * asyncio's {@code wait(tasks, return_when=FIRST_EXCEPTION)}: ends as soon as any task fails (a cancellation does
   * not count as a failure), or when all are done. Cancels nothing and rethrows nothing: find the failed task among
   * {@link dev.weft.task.WaitResult#done()}.
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param <F> the task type
   * @return a task of the split
   * @throws IllegalArgumentException if {@code tasks} is empty
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirstFailure(
      final java.util.Collection<? extends F> tasks) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.FIRST_FAILURE, -1);
  }

  /**
   * As {@link #waitFirstFailure(Collection)}.
   *
   * @param tasks the tasks; not empty, no null element
   * @param <F> the task type
   * @return a task of the split
   */
  @SafeVarargs
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirstFailure(final F... tasks) {
    return waitFirstFailure(Arrays.asList(tasks));
  }

  /**
   * As {@link #waitFirstFailure(Collection)}, ending after {@code timeout} at the latest.
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param timeout the longest wait; not null
   * @param <F> the task type
   * @return a task of the split
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitFirstFailure(
      final java.util.Collection<? extends F> tasks,
      final Duration timeout) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.FIRST_FAILURE, nanos(timeout));
  }

  /**
   * asyncio's {@code wait(tasks)} ({@code ALL_COMPLETED}): ends when every task is done, however each ended.
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param <F> the task type
   * @return a task of the split (its pending list is empty)
   * @throws IllegalArgumentException if {@code tasks} is empty
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitAll(
      final java.util.Collection<? extends F> tasks) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.ALL_COMPLETED, -1);
  }

  /**
   * As {@link #waitAll(Collection)}.
   *
   * @param tasks the tasks; not empty, no null element
   * @param <F> the task type
   * @return a task of the split
   */
  @SafeVarargs
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitAll(final F... tasks) {
    return waitAll(Arrays.asList(tasks));
  }

  /**
   * As {@link #waitAll(Collection)}, ending after {@code timeout} at the latest with the tasks still pending then.
   *
   * @param tasks the tasks; not null, not empty, no null element
   * @param timeout the longest wait; not null
   * @param <F> the task type
   * @return a task of the split
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <F extends Task<?>> Task<dev.weft.task.WaitResult<F>> waitAll(
      final java.util.Collection<? extends F> tasks,
      final Duration timeout) {
    return new dev.weft.internal.WaitTask<F>(tasks, dev.weft.internal.WaitTask.Mode.ALL_COMPLETED, nanos(timeout));
  }

  /**
   * asyncio 3.12's {@code wait_for}: the task's outcome, or, when {@code timeout} passes first, the task is
   * cancelled, its end awaited (its {@code finally} blocks run) and the result fails with
   * {@link AsyncTimeoutException}. Cancelling the result cancels the task and stays a {@link CancelledException}.
   * A task that catches the cancellation and returns normally gives its value.
   *
   * <pre>{@code
   * String page = await(waitFor(fetch(url), Duration.ofSeconds(2)));
   * }</pre>
   *
   * @param task the task; not null
   * @param timeout the time allowed; zero or less expires on the next turn; not null
   * @param <T> the value type
   * @return the task itself when already done, else a task following it under the deadline
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <T> Task<T> waitFor(final Task<T> task, final Duration timeout) {
    return dev.weft.internal.TimeoutTask.waitFor(task, timeout);
  }

  /**
   * A timeout scope (asyncio's {@code async with timeout(delay)}): calls {@code body} at once; when {@code delay}
   * passes first, the body is cancelled, its end awaited, and the scope fails with {@link AsyncTimeoutException}.
   * A cancellation from outside stays a {@link CancelledException}. For a reschedulable deadline, use
   * {@link dev.weft.task.TimeoutScope#open}.
   *
   * <pre>{@code
   * String s = await(timeout(Duration.ofSeconds(1), () -> {
   *   await(connect());
   *   return done(await(readLine()));
   * }));
   * }</pre>
   *
   * @param delay the time allowed; zero or less expires on the next turn; not null
   * @param body returns the body's task (typically an {@code @Async} lambda); not null
   * @param <T> the value type
   * @return the scope's task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <T> Task<T> timeout(final Duration delay, final Supplier<? extends Task<T>> body) {
    Objects.requireNonNull(body, "body");
    return dev.weft.internal.TimeoutTask.open(delay, scope -> body.get());
  }

  /**
   * asyncio's {@code as_completed}: one task per input, in completion order (the first element ends with the first
   * input to end, and so on). Await them in turn. Cancelling an element cancels nothing else.
   *
   * <pre>{@code
   * for (Task<String> next : asCompleted(List.of(a, b, c))) {
   *   System.out.println(await(next));     // earliest first
   * }
   * }</pre>
   *
   * @param tasks the inputs; not null, no null element
   * @param <T> the value type
   * @return an unmodifiable list, as long as {@code tasks}
   */
  public static <T> List<Task<T>> asCompleted(final java.util.Collection<? extends Task<? extends T>> tasks) {
    return dev.weft.internal.AsCompleted.of(tasks);
  }

  /**
   * A {@link dev.weft.task.TaskGroup} scope (asyncio's {@code TaskGroup}, Kotlin's {@code coroutineScope}); as
   * {@link dev.weft.task.TaskGroup#open}: waits for all children, the first failure cancels the rest and is
   * rethrown with the others suppressed.
   *
   * <pre>{@code
   * await(taskGroup(g -> {
   *   g.spawn(() -> worker(1));
   *   g.spawn(() -> worker(2));
   *   return done();
   * }));
   * }</pre>
   *
   * @param body receives the group, returns the body's task; not null
   * @param <T> the value type
   * @return the scope's task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static <T> Task<T> taskGroup(
      final java.util.function.Function<? super dev.weft.task.TaskGroup, ? extends Task<T>> body) {
    return dev.weft.task.TaskGroup.open(body);
  }

  /**
   * asyncio's {@code shield}: a task that follows {@code task}, but cancelling it (or the task awaiting it) does not
   * cancel {@code task}, which runs on.
   *
   * <pre>{@code
   * await(shield(commit));    // a cancelled caller stops waiting; the commit still completes
   * }</pre>
   *
   * @param task the task to protect; not null
   * @param <T> the value type
   * @return {@code task} itself when already done, else a shield following it
   */
  public static <T> Task<T> shield(final Task<T> task) {
    return dev.weft.internal.Shield.of(task);
  }

  private static long nanos(final Duration d) {
    Objects.requireNonNull(d, "timeout");
    try {
      return Math.max(0, d.toNanos());
    } catch (ArithmeticException e) {
      return d.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  /**
   * Replaces the handler of exceptions nobody can receive: failed tasks nobody retrieved by the time their loop
   * closed, throwing callbacks. The default logs through {@link System.Logger} ({@code dev.weft}, WARNING).
   *
   * @param handler the handler, called on the thread that found the exception; null restores the default
   */
  public static void setUnhandledExceptionHandler(final Consumer<Throwable> handler) {
    Unhandled.setHandler(handler);
  }

  private static EventLoop requireLoop(final String what) {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException("Weft." + what + " needs a running event loop on this thread ("
          + Thread.currentThread().getName() + "): call it inside Weft.run(...)");
    }
    return loop;
  }

  // ---- leaving the loop: blocking code on threads (machinery in dev.weft.internal.ThreadTask, BlockingPool) ----

  /**
   * asyncio's {@code to_thread}: runs blocking code on a pool thread and gives a task of its result, so an
   * {@code @Async} method can await it without blocking its loop. The default pool uses a virtual thread per call on
   * JDK 21 and later, and a bounded pool of daemon threads ({@code min(32, processors + 4)}) on JDK 17. The body's
   * exception (checked ones too) fails the task as is. Cancelling the task ends it at once and interrupts the pool
   * thread if the body is running (a body that has not started never runs); blocking code that ignores interrupts
   * runs on to its end, its result discarded. Works without a loop too: the pool thread completes the task.
   *
   * <pre>{@code
   * byte[] data = await(toThread(() -> Files.readAllBytes(path)));
   * }</pre>
   *
   * @param body the blocking work; not null
   * @param <T> the value type
   * @return the task of the body's result
   */
  public static <T> Task<T> toThread(final java.util.concurrent.Callable<T> body) {
    return dev.weft.internal.ThreadTask.start(body, dev.weft.internal.BlockingPool.get());
  }

  /**
   * As {@link #toThread(java.util.concurrent.Callable)}, on a given executor (an {@code ExecutorService} lets a
   * cancellation interrupt the body). An executor that rejects the body fails the task with its
   * {@code RejectedExecutionException}.
   *
   * @param body the blocking work; not null
   * @param executor where the body runs; not null
   * @param <T> the value type
   * @return the task of the body's result
   */
  public static <T> Task<T> toThread(final java.util.concurrent.Callable<T> body,
      final java.util.concurrent.Executor executor) {
    return dev.weft.internal.ThreadTask.start(body, executor);
  }
}
