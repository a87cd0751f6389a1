package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.task.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gatherSettled}: every outcome, in argument order; failures and cancellations are elements. */
class GatherSettledTest extends AsyncTestBase {

  @Async
  private Task<Void> settledWithFailures() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    Task<String> slow = spawn(() -> {
      expect(3);
      await(sleep(20));
      expect(6);
      return done("slow");
    });
    Task<String> failing = spawn(() -> {
      expect(4);
      throw boom;
    });
    Promise<String> cancelled = new Promise<>();
    Task<String> canceller = spawn(() -> {
      expect(5);
      cancelled.cancel("not needed");
      return done("canceller");
    });
    expect(2);
    List<Outcome<String>> all = await(gatherSettled(slow, failing, done("now"), cancelled, canceller));
    expect(7);
    assertEquals(5, all.size());
    assertEquals(Outcome.success("slow"), all.get(0));
    assertFalse(all.get(1).isSuccess());
    assertSame(boom, all.get(1).error(), "the original exception object");
    assertSame(boom, assertThrows(RuntimeException.class, all.get(1)::get));
    assertEquals("now", all.get(2).get());
    assertTrue(all.get(3).isCancelled());
    assertInstanceOf(CancelledException.class, all.get(3).error());
    assertEquals("not needed", all.get(3).error().getMessage());
    assertEquals("canceller", all.get(4).get());
    assertNull(all.get(4).error());
    finish(8);
    return done();
  }

  @Test
  void outcomesComeInArgumentOrderAndFailuresDoNotFailTheGather() {
    run(this::settledWithFailures);
  }

  @Async
  private Task<Void> cancellingTheGather() {
    expect(1);
    Task<String> a = spawn(() -> {
      expect(3);
      try {
        await(sleep(60_000));
        throw expectUnreached();
      } finally {
        expect(5);
      }
    });
    Task<List<Outcome<String>>> g = gatherSettled(a, done("b"));
    expect(2);
    await(sleep(0)); // a starts and suspends
    expect(4);
    g.cancel();
    try {
      await(g);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(6); // after a's finally: the gather ended once its child had
    }
    assertTrue(a.isCancelled());
    finish(7);
    return done();
  }

  @Test
  void cancellingTheGatherCancelsEveryChildAndEndsCancelled() {
    run(this::cancellingTheGather);
  }

  @Test
  void anEmptyGatherIsDoneAtOnce() {
    assertEquals(List.of(), gatherSettled(List.<Task<String>>of()).result());
  }
}
