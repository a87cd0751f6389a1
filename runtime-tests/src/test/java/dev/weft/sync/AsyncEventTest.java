package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import org.junit.jupiter.api.Test;

class AsyncEventTest extends AsyncTestBase {

  private final AsyncEvent event = new AsyncEvent();

  @Async
  private Task<Void> waiter(final int before, final int after) {
    expect(before);
    await(event.awaitSet());
    expect(after);
    return done();
  }

  @Async
  private Task<Void> wakesAllScenario() {
    expect(1);
    Task<Void> a = spawn(() -> waiter(3, 6));
    Task<Void> b = spawn(() -> waiter(4, 7));
    expect(2);
    await(sleep(0));
    expect(5);
    event.set();
    assertTrue(event.isSet());
    await(gather(a, b));
    await(event.awaitSet()); // already set: passes at once
    event.clear();
    assertFalse(event.isSet());
    finish(8);
    return done();
  }

  @Test
  void setWakesEveryWaiterInArrivalOrder() {
    run(this::wakesAllScenario);
  }

  @Async
  private Task<Void> cancelOneScenario() {
    expect(1);
    Task<Void> a = spawn(() -> {
      expect(2);
      try {
        await(event.awaitSet());
        expectUnreached();
      } finally {
        expect(5);
      }
      return done();
    });
    Task<Void> b = spawn(() -> waiter(3, 7));
    await(sleep(0));
    expect(4);
    a.cancel(); // only a's own wait is cancelled, not b's
    try {
      await(a);
    } catch (CancelledException e) {
      expect(6);
    }
    event.set();
    await(b);
    finish(8);
    return done();
  }

  @Test
  void cancellingOneWaiterLeavesTheOthersWaiting() {
    run(this::cancelOneScenario);
  }
}
