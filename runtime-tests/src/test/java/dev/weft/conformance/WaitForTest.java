package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code waitFor(task, timeout)}: asyncio 3.12's {@code wait_for}. */
class WaitForTest extends AsyncTestBase {

  @Async
  private Task<Void> inTime() {
    expect(1);
    Task<String> t = spawn(() -> {
      expect(2);
      await(sleep(0));
      expect(3);
      return done("value");
    });
    String v = await(waitFor(t, Duration.ofSeconds(30)));
    expect(4);
    assertEquals("value", v);
    finish(5);
    return done();
  }

  @Test
  void aTaskThatEndsInTimeGivesItsValue() {
    run(this::inTime);
  }

  @Async
  private Task<Void> expiry() {
    expect(1);
    Task<String> slow = spawn(() -> {
      expect(2);
      try {
        await(sleep(60_000));
        throw expectUnreached();
      } finally {
        expect(3);
        await(sleep(5)); // cleanup that itself suspends: waitFor waits for it (asyncio 3.12)
        expect(4);
      }
    });
    await(sleep(0)); // slow starts and suspends before the deadline is even set
    try {
      await(waitFor(slow, Duration.ofMillis(20)));
      throw expectUnreached();
    } catch (AsyncTimeoutException e) {
      expect(5);
      assertTrue(slow.isCancelled(), "the task was cancelled and has ended");
      assertInstanceOf(CancelledException.class, e.getCause());
    }
    finish(6);
    return done();
  }

  @Test
  void onExpiryTheTaskIsCancelledItsFinallyRunsAndAsyncTimeoutExceptionIsThrown() {
    run(this::expiry);
  }

  @Async
  private Task<Void> outerCancellation() {
    expect(1);
    Task<String> inner = spawn(() -> {
      expect(2);
      try {
        await(sleep(60_000));
        throw expectUnreached();
      } finally {
        expect(5);
      }
    });
    Task<String> caller = spawn(() -> {
      expect(3);
      return done(await(waitFor(inner, Duration.ofSeconds(30))));
    });
    await(sleep(0));
    expect(4);
    caller.cancel("caller gone");
    try {
      await(caller);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(6);
      assertEquals("caller gone", e.getMessage(), "a cancellation, not a timeout");
    }
    assertTrue(inner.isCancelled(), "cancelling the caller cancelled the task it waited for");
    finish(7);
    return done();
  }

  @Test
  void cancellingTheCallerCancelsTheTaskAndStaysACancellation() {
    run(this::outerCancellation);
  }

  @Async
  private Task<Void> swallowed() {
    expect(1);
    Task<String> stubborn = spawn(() -> {
      try {
        await(sleep(60_000));
        throw expectUnreached();
      } catch (CancelledException e) {
        expect(2);
        return done("partial");
      }
    });
    String v = await(waitFor(stubborn, Duration.ofMillis(10)));
    assertEquals("partial", v, "a task that catches the cancellation and returns normally gives its value");
    finish(3);
    return done();
  }

  @Test
  void aTaskThatSwallowsTheCancellationGivesItsValue() {
    run(this::swallowed);
  }

  @Async
  private Task<Void> failureInTime() {
    IllegalStateException boom = new IllegalStateException("boom");
    Task<String> failing = spawn(() -> {
      await(sleep(0));
      throw boom;
    });
    try {
      await(waitFor(failing, Duration.ofSeconds(30)));
      throw expectUnreached();
    } catch (IllegalStateException e) {
      assertSame(boom, e);
    }
    return done();
  }

  @Test
  void aFailureInTimeIsRethrownAsIs() {
    run(this::failureInTime);
  }

  @Test
  void aDoneTaskIsReturnedAsIs() {
    Task<String> d = done("x");

    assertSame(d, waitFor(d, Duration.ZERO));
  }

  @Test
  void waitForNeedsALoopForAPendingTask() {
    dev.weft.Promise<String> p = new dev.weft.Promise<>();

    assertThrows(IllegalStateException.class, () -> waitFor(p, Duration.ofSeconds(1)));
    assertFalse(p.isDone());
  }
}
