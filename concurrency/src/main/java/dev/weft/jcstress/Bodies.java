package dev.weft.jcstress;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;

/**
 * The {@code @Async} methods the tests race against, rewritten by the weft-maven-plugin at build time (real
 * transformer output, not hand-made state machines).
 */
final class Bodies {

  private Bodies() {
  }

  /**
   * Awaits {@code p} and returns its value plus one; counts how it resumed: {@code resumes[0]} with the value,
   * {@code resumes[1]} with a {@link CancelledException}.
   */
  @Async
  static Task<Integer> resumeCounting(final Promise<Integer> p, final int[] resumes) {
    try {
      int v = await(p);
      resumes[0]++;
      return done(v + 1);
    } catch (CancelledException e) {
      resumes[1]++;
      throw e;
    }
  }

  /** Awaits {@code first}, then returns {@code next} (still pending): the coroutine then follows it. */
  @Async
  static Task<Integer> awaitThenFollow(final Promise<Integer> first, final Task<Integer> next) {
    await(first);
    return next;
  }

  /** Awaits each promise in turn, publishing each value to {@code rounds.processed}. */
  @Async
  static Task<Void> awaitEach(final Promise<Integer>[] promises, final WakeupRounds rounds) {
    for (Promise<Integer> p : promises) {
      rounds.processed = await(p);
    }
    return done();
  }
}
