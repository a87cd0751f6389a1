package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} methods returning {@code CompletableFuture} or {@code CompletionStage}: the caller gets one future
 * from the first real suspension (or a completed one when there is none), and it completes with the body's outcome
 * however many times the body suspends after that.
 */
class FutureReturningTest {

  @Async
  private static CompletableFuture<Integer> sum(final int n) {
    int total = 0;
    for (int i = 1; i <= n; i++) {
      await(sleep(0));
      total += i;
    }
    return CompletableFuture.completedFuture(total);
  }

  @Async
  private static CompletionStage<String> twice(final String s) {
    await(sleep(0));
    String once = s + s;
    await(sleep(1));
    return CompletableFuture.completedFuture(once + "!");
  }

  @Async
  private static CompletableFuture<String> sleeper(final CompletableFuture<Throwable> exited) {
    try {
      await(sleep(60_000));
      return CompletableFuture.completedFuture("late");
    } catch (CancelledException e) {
      exited.complete(e);
      throw e;
    }
  }

  @Async
  private static Task<Integer> caller() {
    CompletableFuture<Integer> none = sum(0);
    assertTrue(none.isDone(), "no suspension: a completed future");
    CompletableFuture<Integer> five = sum(5);
    assertFalse(five.isDone(), "suspended at its first await");
    String doubled = await(twice("ab").toCompletableFuture());
    assertEquals("abab!", doubled);
    return Weft.done(await(none) + await(five));
  }

  @Test
  void theFutureCompletesWithTheBodysOutcomeAfterManySuspensions() {
    assertEquals(15, run(FutureReturningTest::caller));
  }

  @Test
  void cancellingTheFutureCancelsTheBody() {
    CompletableFuture<Throwable> exited = new CompletableFuture<>();
    boolean cancelled = run(() -> {
      CompletableFuture<String> f = sleeper(exited);
      assertTrue(f.cancel(true));
      await(sleep(0));
      await(sleep(0));
      return Weft.done(f.isCancelled());
    });
    assertTrue(cancelled);
    assertTrue(exited.getNow(null) instanceof CancelledException, String.valueOf(exited.getNow(null)));
  }
}
