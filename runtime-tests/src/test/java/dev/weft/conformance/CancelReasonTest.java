package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import org.junit.jupiter.api.Test;

/** {@code Task.cancel(String reason)}: the reason is the message of the CancelledException, wherever it lands. */
class CancelReasonTest extends AsyncTestBase {

  @Async
  private Task<Void> reasonAtTheSuspensionPoint() {
    expect(1);
    Task<Void> worker = spawn(() -> {
      expect(2);
      try {
        await(sleep(60_000));
      } catch (CancelledException e) {
        expect(4);
        assertEquals("shutting down", e.getMessage());
        throw e;
      }
      throw expectUnreached();
    });
    await(sleep(0)); // the worker starts and suspends first
    expect(3);
    assertTrue(worker.cancel("shutting down"));
    try {
      await(worker);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(5);
      assertEquals("shutting down", e.getMessage());
    }
    assertTrue(worker.isCancelled());
    finish(6);
    return done();
  }

  @Test
  void theReasonReachesTheBodyAndItsAwaiters() {
    run(this::reasonAtTheSuspensionPoint);
  }

  @Async
  private Task<Void> reasonForwardedToTheAwaitedTask() {
    expect(1);
    Task<Void> inner = spawn(() -> {
      expect(2);
      try {
        await(sleep(60_000));
      } catch (CancelledException e) {
        expect(5);
        assertEquals("outer gave up", e.getMessage());
        throw e;
      }
      throw expectUnreached();
    });
    Task<Void> outer = spawn(() -> {
      expect(3);
      await(inner); // cancelling outer cancels inner, with the same reason (asyncio's rule)
      throw expectUnreached();
    });
    await(sleep(0));
    expect(4);
    outer.cancel("outer gave up");
    try {
      await(outer);
      throw expectUnreached();
    } catch (CancelledException c) {
      expect(6);
      assertEquals("outer gave up", c.getMessage());
    }
    assertTrue(inner.isCancelled());
    finish(7);
    return done();
  }

  @Test
  void aTaskSuspendedOnAnotherPassesTheReasonOn() {
    run(this::reasonForwardedToTheAwaitedTask);
  }

  @Test
  void aPromiseCancelledWithAReasonCarriesIt() {
    Promise<String> p = new Promise<>();

    p.cancel("no longer needed");

    assertEquals("no longer needed", assertThrows(CancelledException.class, p::result).getMessage());
  }

  @Test
  void cancelWithoutAReasonHasNoMessage() {
    Promise<String> p = new Promise<>();

    p.cancel();

    assertNull(assertThrows(CancelledException.class, p::result).getMessage());
  }
}
