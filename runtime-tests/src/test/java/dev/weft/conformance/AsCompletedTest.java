package dev.weft.conformance;

import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code asCompleted}: one task per input, in completion order. */
class AsCompletedTest extends CombinatorTestBase {

  @Async
  private Task<Void> completionOrder() {
    expect(1);
    Task<String> a = spawn(() -> {
      await(sleep(30));
      return done("a");
    });
    Task<String> b = spawn(() -> {
      await(sleep(10));
      return done("b");
    });
    Task<String> c = spawn(() -> {
      await(sleep(20));
      return done("c");
    });
    List<String> seen = new ArrayList<>();
    for (Task<String> next : asCompleted(List.of(a, b, c))) {
      seen.add(await(next));
    }
    expect(2);
    assertEquals(List.of("b", "c", "a"), seen);
    finish(3);
    return done();
  }

  @Test
  void resultsArriveInCompletionOrder() {
    run(this::completionOrder);
  }

  @Async
  private Task<Void> failuresInOrder() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    Promise<String> a = new Promise<>();
    Promise<String> b = new Promise<>();
    Promise<String> c = new Promise<>();
    List<Task<String>> order = asCompleted(List.of(a, b, c));
    spawn(() -> {
      expect(3);
      c.complete("c");
      a.fail(boom);
      b.complete("b");
      return done();
    });
    expect(2);
    assertEquals("c", await(order.get(0)));
    try {
      await(order.get(1));
      throw expectUnreached();
    } catch (RuntimeException e) {
      expect(4);
      assertSame(boom, e, "a failure arrives in its turn, as is");
    }
    assertEquals("b", await(order.get(2)));
    finish(5);
    return done();
  }

  @Test
  void aFailureTakesItsPlaceInTheOrder() {
    run(this::failuresInOrder);
  }

  @Test
  void cancellingAnElementCancelsNoInput() {
    Promise<String> a = new Promise<>();
    List<Task<String>> order = asCompleted(List.of(a));

    assertTrue(order.get(0).cancel());

    assertFalse(a.isDone());
    a.complete("a");
    assertTrue(order.get(0).isCancelled());
  }

  @Test
  void doneInputsFillTheFirstElementsAtOnce() {
    Promise<String> p = new Promise<>();
    List<Task<String>> order = asCompleted(List.of(p, done("d")));

    assertEquals("d", order.get(0).result());
    assertFalse(order.get(1).isDone());
    p.complete("p");
    assertEquals("p", order.get(1).result());
  }
}
