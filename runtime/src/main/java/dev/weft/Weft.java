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
    return LoopRunner.run(main);
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
}
