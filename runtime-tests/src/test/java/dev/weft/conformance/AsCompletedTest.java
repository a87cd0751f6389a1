package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

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
class AsCompletedTest extends AsyncTestBase {

  @Async
  private static Task<String> after(final Task<Void> timer, final String label) {
    await(timer);
    return done(label);
  }

  @Async
  private Task<Void> completionOrder() {
    expect(1);
    // The timers are started together, before anything else runs, so their deadlines keep their order.
    Task<Void> t30 = sleep(30);
    Task<Void> t10 = sleep(10);
    Task<Void> t20 = sleep(20);
    Task<String> a = after(t30, "a");
    Task<String> b = after(t10, "b");
    Task<String> c = after(t20, "c");
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
