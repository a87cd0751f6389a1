package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.WeftStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin's transform-test goal rewrote this class: awaits here really suspend. */
class AwaitBasicsTest {

  private final List<Integer> order = new ArrayList<>();

  private void expect(final int step) {
    order.add(step);
    assertEquals(order.size(), step, "out of order: " + order);
  }

  @Async
  private Task<Void> scenario() {
    expect(1);
    Task<Void> child = spawn(() -> {
      expect(3);
      await(sleep(0));
      expect(4);
      return done();
    });
    expect(2);
    await(child);
    List<Integer> all = await(gather(done(1), spawn(() -> done(2))));
    expect(5);
    assertEquals(List.of(1, 2), all);
    return done();
  }

  @Test
  void spawnedBodyStartsOnALaterTurnAndAwaitsSuspend() {
    WeftStats.reset();
    run(this::scenario);
    assertEquals(List.of(1, 2, 3, 4, 5), order);
    assertEquals(true, WeftStats.suspensions() >= 2, "suspensions: " + WeftStats.suspensions());
  }
}
