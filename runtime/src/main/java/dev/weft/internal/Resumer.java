package dev.weft.internal;

/**
 * Re-enters the body of one {@code @Async} method with its coroutine. Generated code makes one per method (via
 * {@code LambdaMetafactory}) that calls the method's private body {@code m(defaults..., c)}; the body switches on
 * {@link Coroutine#state()} to the suspension point it left from.
 *
 * <pre>{@code static final Resumer GREET = c -> greet(null, c);}</pre>
 *
 * <p>Threads: called by the coroutine's loop thread, or by the thread draining a trampoline when the coroutine has
 * no loop. {@code c} is never null.
 */
@FunctionalInterface
public interface Resumer {

  /**
   * Runs the method's body from the suspension point recorded in {@code c}.
   *
   * @param c the suspended call
   */
  void resume(Coroutine c);
}
