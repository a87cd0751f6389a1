package dev.weft.internal;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Static helpers that transformed {@code @Async} bodies call at each {@code await}, each {@code return} and in
 * their catch-all handler. See {@link Coroutine} for the whole protocol.
 *
 * <pre>{@code
 * if (AwaitSupport.isDone(x)) v = AwaitSupport.valueOf(x); else { ...; return c.suspend(k, x); }
 * return (Task<R>) AwaitSupport.returnTask(r, c);
 * } catch (Throwable t) { return (Task<R>) AwaitSupport.failTask(t, c); }
 * }</pre>
 *
 * <p>Threads: whatever thread runs the body. Nulls: an awaited value may not be null ({@code NullPointerException},
 * which fails the method's task like any exception); a returned value may be null, which fails the task with
 * {@code NullPointerException}.
 */
public final class AwaitSupport {

  private AwaitSupport() {
    throw new AssertionError();
  }

  /**
   * Whether an awaited task is complete (no suspension needed). No allocation.
   *
   * @param t the awaited task
   * @return true if done
   */
  public static boolean isDone(final Task<?> t) {
    return t.isDone();
  }

  /**
   * Whether an awaited stage is complete. A stage that cannot tell ({@code toCompletableFuture()} unsupported)
   * counts as pending: the suspension path then waits for it with {@code whenComplete}.
   *
   * @param s the awaited stage
   * @return true if done
   */
  public static boolean isDone(final CompletionStage<?> s) {
    try {
      return s.toCompletableFuture().isDone();
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The value of a done task, or its original exception thrown as is (sneakily, when checked). No allocation for
   * a succeeded task.
   *
   * @param t a done task
   * @return the value, possibly null
   */
  public static Object valueOf(final Task<?> t) {
    return ((TaskCore<?>) t).valueNow();
  }

  /**
   * The value of a done stage, or its original exception: a {@code CompletionException} or
   * {@code ExecutionException} is unwrapped to its cause; a JDK {@code CancellationException} is thrown as is.
   *
   * @param s a done stage
   * @return the value, possibly null
   */
  public static Object valueOf(final CompletionStage<?> s) {
    CompletableFuture<?> f = s.toCompletableFuture();
    try {
      return f.join();
    } catch (CompletionException e) {
      throw Sneaky.raise(unwrap(e));
    }
  }

  /**
   * At {@code return r} of a {@code Task} method.
   *
   * @param r the returned task; null fails the result with {@code NullPointerException}
   * @param c the coroutine, or null when the method never suspended
   * @return {@code r} itself when {@code c} is null (nothing allocated), else {@code c}, following {@code r}
   */
  public static Task<?> returnTask(final Task<?> r, final Coroutine c) {
    if (c == null) {
      return r != null ? r : DoneTask.failed(new NullPointerException("an @Async method returned null"));
    }
    return (Task<?>) c.adoptTask(r);
  }

  /**
   * At {@code return r} of a {@code CompletableFuture} method.
   *
   * @param r the returned future; null fails the result with {@code NullPointerException}
   * @param c the coroutine, or null when the method never suspended
   * @return {@code r} itself when {@code c} is null, else {@code c}'s future face, following {@code r}
   */
  public static CompletableFuture<?> returnFuture(final CompletableFuture<?> r, final Coroutine c) {
    if (c == null) {
      return r != null ? r : CompletableFuture.failedFuture(new NullPointerException("an @Async method returned null"));
    }
    return (CompletableFuture<?>) c.adoptStage(r);
  }

  /**
   * At {@code return r} of a {@code CompletionStage} method.
   *
   * @param r the returned stage; null fails the result with {@code NullPointerException}
   * @param c the coroutine, or null when the method never suspended
   * @return {@code r} itself when {@code c} is null, else {@code c}'s future face, following {@code r}
   */
  public static CompletionStage<?> returnStage(final CompletionStage<?> r, final Coroutine c) {
    if (c == null) {
      return r != null ? r : CompletableFuture.failedFuture(new NullPointerException("an @Async method returned null"));
    }
    return (CompletionStage<?>) c.adoptStage(r);
  }

  /**
   * An exception escaped the body of a {@code Task} method (the method itself never throws).
   *
   * @param t the exception; a {@code CancelledException} means "cancelled"
   * @param c the coroutine, or null when the method never suspended
   * @return a failed (or cancelled) task: a new one when {@code c} is null, else {@code c}
   */
  public static Task<?> failTask(final Throwable t, final Coroutine c) {
    if (c == null) {
      return DoneTask.failed(t);
    }
    return (Task<?>) c.fail(t);
  }

  /**
   * An exception escaped the body of a {@code CompletableFuture} method.
   *
   * @param t the exception; a {@code CancelledException} gives a cancelled future
   * @param c the coroutine, or null when the method never suspended
   * @return a failed or cancelled future
   */
  public static CompletableFuture<?> failFuture(final Throwable t, final Coroutine c) {
    if (c == null) {
      return FutureBridge.failed(t);
    }
    return (CompletableFuture<?>) c.fail(t);
  }

  /**
   * An exception escaped the body of a {@code CompletionStage} method.
   *
   * @param t the exception; a {@code CancelledException} gives a cancelled stage
   * @param c the coroutine, or null when the method never suspended
   * @return a failed or cancelled stage
   */
  public static CompletionStage<?> failStage(final Throwable t, final Coroutine c) {
    if (c == null) {
      return FutureBridge.failed(t);
    }
    return (CompletionStage<?>) c.fail(t);
  }

  /** A stage's failure as the original exception: a {@code CompletionException}/{@code ExecutionException}'s cause. */
  static Throwable unwrap(final Throwable e) {
    if ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      return e.getCause();
    }
    return e;
  }
}
