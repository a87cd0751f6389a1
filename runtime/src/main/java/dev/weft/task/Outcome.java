package dev.weft.task;

import dev.weft.CancelledException;
import java.util.Objects;

/**
 * How one task ended, as a value: what {@link dev.weft.Weft#gatherSettled} puts in its list (asyncio's
 * {@code gather(..., return_exceptions=True)}), so that one failure does not hide the others' values.
 *
 * <pre>{@code
 * List<Outcome<String>> all = await(gatherSettled(fetch("a"), fetch("b")));
 * for (Outcome<String> o : all) {
 *   if (o.isSuccess()) use(o.get()); else log(o.error());
 * }
 * // Java 21: switch (o) { case Outcome.Success<String> s -> use(s.value()); case Outcome.Failure<String> f -> ... }
 * }</pre>
 *
 * <pre>
 *   Success(value)              the task succeeded; value may be null
 *   Failure(error)              the task failed with error (the original object), or was cancelled
 *                               (error is then the CancelledException, and isCancelled() is true)
 * </pre>
 *
 * <p>A sealed pair of records rather than a Throwable in place of the value: a list of {@code Outcome<T>} stays
 * typed, a task that legitimately returns an exception object is not mistaken for a failure, and a cancellation is
 * told apart from a failure.
 *
 * <p>Threads: immutable; any thread. Nulls: a success's value may be null; a failure's error never is.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

  /**
   * A success.
   *
   * @param value the value; may be null
   * @param <T> the value type
   * @return a new outcome
   */
  static <T> Outcome<T> success(final T value) {
    return new Success<>(value);
  }

  /**
   * A failure, or a cancellation when {@code error} is a {@link CancelledException}.
   *
   * @param error the original exception; not null
   * @param <T> the value type
   * @return a new outcome
   */
  static <T> Outcome<T> failure(final Throwable error) {
    return new Failure<>(error);
  }

  /** @return true when the task succeeded */
  boolean isSuccess();

  /** @return true when the task was cancelled (a failure whose error is a {@link CancelledException}) */
  boolean isCancelled();

  /**
   * The value, or the original exception rethrown as is (checked ones too), exactly as {@code await} would.
   *
   * @return the value, possibly null
   */
  T get();

  /** @return the failure (the {@link CancelledException} when cancelled), or null on success */
  Throwable error();

  /**
   * The task succeeded.
   *
   * @param value the value; may be null
   * @param <T> the value type
   */
  record Success<T>(T value) implements Outcome<T> {

    @Override
    public boolean isSuccess() {
      return true;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public T get() {
      return value;
    }

    @Override
    public Throwable error() {
      return null;
    }
  }

  /**
   * The task failed or was cancelled.
   *
   * @param error the original exception (identity kept); not null
   * @param <T> the value type
   */
  record Failure<T>(Throwable error) implements Outcome<T> {

    /**
     * Checks the error.
     *
     * @param error the original exception; not null
     */
    public Failure {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return error instanceof CancelledException;
    }

    @Override
    public T get() {
      throw Failure.<RuntimeException>sneaky(error);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(final Throwable t) throws E {
      throw (E) t;
    }
  }
}
