package dev.weft.task;

import dev.weft.Task;
import dev.weft.internal.TimeoutTask;
import java.time.Duration;
import java.util.function.Function;

/**
 * A deadline around a body (asyncio's {@code async with asyncio.timeout(delay) as cm}), reschedulable from inside
 * it. When the deadline passes the body is cancelled; once it has ended, the scope fails with
 * {@link dev.weft.AsyncTimeoutException} (whose cause is the body's {@code CancelledException}) instead of a
 * cancellation. {@link dev.weft.Weft#timeout(Duration, java.util.function.Supplier)} is the short form when the body
 * needs no handle.
 *
 * <pre>{@code
 * String page = await(TimeoutScope.open(Duration.ofSeconds(5), scope -> {
 *   Header h = await(readHeader());
 *   scope.reschedule(Duration.ofSeconds(30));      // a big body: allow more time from now on
 *   return done(await(readBody(h)));
 * }));
 * }</pre>
 *
 * <p>Outcomes: the body's own outcome, except that a body that ended cancelled after the deadline passed gives
 * {@code AsyncTimeoutException}. A cancellation from outside (cancelling the scope's task, or the task awaiting it)
 * cancels the body and stays a {@code CancelledException}, even if the deadline passed too. A body that catches the
 * cancellation and returns normally, or throws something else, decides the outcome itself (asyncio 3.12's rule).
 * The scope waits for the cancelled body to end: its {@code finally} blocks run before the scope completes.
 *
 * <p>Threads: opened on a loop thread (needs a running loop); {@link #reschedule}, {@link #clearDeadline} and
 * {@link #expired} are loop-thread only. Nulls: no argument may be null. Only Weft implements this interface.
 */
public interface TimeoutScope {

  /**
   * Starts the deadline, then calls {@code body} at once with the scope.
   *
   * @param delay the time allowed, from now; zero or less expires on the next turn of the loop; not null
   * @param body receives the scope and returns the body's task; not null
   * @param <T> the value type
   * @return the scope's task
   * @throws IllegalStateException if the calling thread runs no loop
   */
  static <T> Task<T> open(final Duration delay, final Function<? super TimeoutScope, ? extends Task<T>> body) {
    return TimeoutTask.open(delay, body);
  }

  /**
   * Moves the deadline to {@code delay} from now (asyncio's {@code reschedule}).
   *
   * @param delay the new time allowed, from now; zero or less expires on the next turn; not null
   * @throws IllegalStateException if the deadline already passed or the scope has ended
   */
  void reschedule(Duration delay);

  /**
   * Removes the deadline (asyncio's {@code reschedule(None)}): the body may take as long as it needs.
   *
   * @throws IllegalStateException if the deadline already passed
   */
  void clearDeadline();

  /** @return true once the deadline has passed and the body was cancelled for it */
  boolean expired();
}
