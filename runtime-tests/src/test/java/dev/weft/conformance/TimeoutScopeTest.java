package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.task.TimeoutScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timeout scope, {@code timeout(delay, body)} and {@link TimeoutScope#open}: asyncio's {@code timeout()}. */
class TimeoutScopeTest extends AsyncTestBase {

  @Async
  private Task<Void> normalCompletion() {
    expect(1);
    int v = await(timeout(Duration.ofSeconds(30), () -> {
      expect(2); // the body starts at once, like any @Async call
      await(sleep(0));
      expect(4);
      return done(7);
    }));
    expect(5);
    assertEquals(7, v);
    finish(6);
    return done();
  }

  @Async
  private Task<Void> normalCompletionMain() {
    Task<Void> t = normalCompletion();
    expect(3); // normalCompletion suspended inside the scope's body and returned its task
    return t;
  }

  @Test
  void aBodyThatEndsInTimeGivesItsValue() {
    run(this::normalCompletionMain);
  }

  @Async
  private Task<Void> expiry() {
    expect(1);
    try {
      await(timeout(Duration.ofMillis(20), () -> {
        expect(2);
        try {
          await(sleep(60_000));
          throw expectUnreached();
        } catch (CancelledException e) {
          expect(3);
          throw e;
        } finally {
          await(sleep(0)); // the scope waits for the body's cleanup
          expect(4);
        }
      }));
      throw expectUnreached();
    } catch (AsyncTimeoutException e) {
      expect(5);
      assertInstanceOf(CancelledException.class, e.getCause());
    }
    finish(6);
    return done();
  }

  @Test
  void onExpiryTheBodyIsCancelledAndTheScopeThrowsAsyncTimeoutException() {
    run(this::expiry);
  }

  @Async
  private Task<Void> outsideCancellation() {
    expect(1);
    Task<String> caller = spawn(() -> {
      expect(2);
      return timeout(Duration.ofSeconds(30), () -> {
        expect(3);
        try {
          await(sleep(60_000));
          throw expectUnreached();
        } finally {
          expect(5);
        }
      });
    });
    await(sleep(0)); // the caller opens the scope and the body suspends
    expect(4);
    caller.cancel("from outside");
    try {
      await(caller);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(6);
      assertEquals("from outside", e.getMessage(), "an outside cancellation is not a timeout");
    }
    finish(7);
    return done();
  }

  @Test
  void aCancellationFromOutsideStaysACancelledException() {
    run(this::outsideCancellation);
  }

  @Async
  private Task<Void> reschedule() {
    expect(1);
    String v = await(TimeoutScope.open(Duration.ofMillis(10), scope -> {
      expect(2);
      scope.reschedule(Duration.ofSeconds(30)); // more time than the sleep below needs
      await(sleep(40));
      expect(3);
      assertFalse(scope.expired());
      return done("in time");
    }));
    assertEquals("in time", v);
    String w = await(TimeoutScope.open(Duration.ofMillis(10), scope -> {
      scope.clearDeadline();
      await(sleep(30));
      return done("no deadline");
    }));
    assertEquals("no deadline", w);
    try {
      await(TimeoutScope.open(Duration.ofSeconds(30), scope -> {
        expect(4);
        scope.reschedule(Duration.ZERO); // now: expires on the next turn
        await(sleep(60_000));
        throw expectUnreached();
      }));
      throw expectUnreached();
    } catch (AsyncTimeoutException e) {
      expect(5);
    }
    finish(6);
    return done();
  }

  @Test
  void theDeadlineCanBeMovedOrCleared() {
    run(this::reschedule);
  }

  @Async
  private Task<Void> bodyCatchesTheCancellation() {
    expect(1);
    String v = await(TimeoutScope.open(Duration.ofMillis(10), scope -> {
      try {
        await(sleep(60_000));
        throw expectUnreached();
      } catch (CancelledException e) {
        expect(2);
        assertTrue(scope.expired());
        assertThrows(IllegalStateException.class, () -> scope.reschedule(Duration.ofSeconds(1)));
        return done("fallback");
      }
    }));
    assertEquals("fallback", v, "a body that handles the cancellation decides the outcome (asyncio 3.12)");
    finish(3);
    return done();
  }

  @Test
  void aBodyThatCatchesTheCancellationDecidesTheOutcome() {
    run(this::bodyCatchesTheCancellation);
  }

  @Async
  private Task<Void> bodyFailure() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    try {
      await(timeout(Duration.ofSeconds(30), () -> {
        await(sleep(0));
        throw boom;
      }));
      throw expectUnreached();
    } catch (IllegalArgumentException e) {
      assertEquals(boom, e);
    }
    return done();
  }

  @Test
  void aBodyFailureIsRethrownAsIs() {
    run(this::bodyFailure);
  }

  @Test
  void aScopeNeedsALoop() {
    assertThrows(IllegalStateException.class, () -> timeout(Duration.ofSeconds(1), () -> done(1)));
  }
}
