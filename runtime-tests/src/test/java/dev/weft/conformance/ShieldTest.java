package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import org.junit.jupiter.api.Test;

/** {@code shield(task)}: cancelling the shield, or the task awaiting it, leaves the inner task running. */
class ShieldTest extends AsyncTestBase {

  @Async
  private Task<Void> cancelledCallerLeavesInnerRunning() {
    expect(1);
    Promise<String> release = new Promise<>();
    Task<String> inner = spawn(() -> {
      expect(3);
      String v = await(release);
      expect(6);
      return done(v);
    });
    Task<String> caller = spawn(() -> {
      expect(4);
      return done(await(shield(inner))); // cancelling caller cancels the shield, not inner
    });
    expect(2);
    await(sleep(0)); // inner and caller start and suspend
    expect(5);
    caller.cancel();
    try {
      await(caller);
      throw expectUnreached();
    } catch (CancelledException e) {
      assertFalse(inner.isDone(), "the shielded task was not cancelled");
    }
    release.complete("saved");
    assertEquals("saved", await(inner));
    finish(7);
    return done();
  }

  @Test
  void theInnerTaskRunsOnWhenTheCallerIsCancelled() {
    run(this::cancelledCallerLeavesInnerRunning);
  }

  @Async
  private Task<Void> shieldFollowsInner() {
    expect(1);
    Task<Integer> inner = spawn(() -> {
      expect(2);
      await(sleep(0));
      return done(42);
    });
    int v = await(shield(inner));
    finish(3);
    assertEquals(42, v);
    return done();
  }

  @Test
  void aShieldTakesTheInnerOutcome() {
    run(this::shieldFollowsInner);
  }

  @Test
  void cancellingTheShieldDirectlyEndsOnlyTheShield() {
    Promise<String> inner = new Promise<>();
    Task<String> s = shield(inner);

    assertTrue(s.cancel("stop waiting"));

    assertTrue(s.isCancelled());
    assertFalse(inner.isDone());
    inner.complete("late");
    assertTrue(s.isCancelled(), "a cancelled shield stays cancelled");
  }

  @Test
  void aDoneTaskIsReturnedAsIs() {
    Task<String> d = done("x");

    assertSame(d, shield(d));
  }
}
