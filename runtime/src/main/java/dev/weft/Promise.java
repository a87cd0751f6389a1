package dev.weft;

import dev.weft.internal.TaskCore;
import java.util.Objects;

/**
 * A task completed by hand (asyncio's Future): the bridge from callbacks, other threads and foreign APIs into
 * {@code await}.
 *
 * <pre>{@code
 * Promise<String> p = new Promise<>();
 * client.get(url, body -> p.complete(body), error -> p.fail(error));
 * String body = await(p);
 * }</pre>
 *
 * <p>Threads: every method is safe from any thread; the first of {@code complete}, {@code fail} and
 * {@code cancel} wins and the others return false without throwing. A coroutine awaiting the promise resumes on
 * its own loop's thread, never on the thread that completes the promise. Nulls: the value may be null, the
 * failure may not.
 *
 * @param <T> the type of the value
 */
public class Promise<T> extends TaskCore<T> {

  /** A pending promise, tied to the loop of the creating thread (if any) for its {@code onDone} callbacks. */
  public Promise() {
    super();
  }

  /**
   * Succeeds with a value.
   *
   * @param value the value; may be null
   * @return true if this call completed the promise, false if it was already done
   */
  public boolean complete(final T value) {
    return succeed(value);
  }

  /**
   * Fails with an exception, which every awaiter receives as is (the same object). A
   * {@link CancelledException} cancels the promise instead.
   *
   * @param error the failure; not null
   * @return true if this call completed the promise, false if it was already done
   */
  public boolean fail(final Throwable error) {
    return failWith(Objects.requireNonNull(error, "error"));
  }

  /**
   * Cancels the promise at once; awaiters receive a {@link CancelledException} whose message is {@code reason}.
   *
   * @param reason the message; may be null
   * @return true if this call cancelled the promise, false if it was already done
   */
  @Override
  public boolean cancel(final String reason) {
    return cancelWith(new CancelledException(reason));
  }
}
