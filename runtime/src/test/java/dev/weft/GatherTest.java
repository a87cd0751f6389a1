package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Weft.gather}, asyncio's semantics. */
class GatherTest extends TestBase {

  @Test
  void valuesComeInArgumentOrderWhateverTheCompletionOrder() {
    Promise<String> a = new Promise<>();
    Promise<String> b = new Promise<>();
    Task<List<String>> g = gather(a, b, done("c"));

    b.complete("b");
    assertFalse(g.isDone());
    a.complete("a");

    assertEquals(List.of("a", "b", "c"), g.result());
  }

  @Test
  void nullValuesAreKept() {
    Task<List<String>> g = gather(Arrays.asList(done(null), done("x")));

    assertEquals(Arrays.asList(null, "x"), g.result());
  }

  @Test
  void anEmptyGatherIsDone() {
    assertEquals(List.of(), gather(List.<Task<String>>of()).result());
  }

  @Test
  void theFirstFailureInTimeWinsAndTheOthersKeepRunning() {
    Promise<String> a = new Promise<>();
    Promise<String> b = new Promise<>();
    Promise<String> c = new Promise<>();
    Task<List<String>> g = gather(a, b, c);
    RuntimeException first = new RuntimeException("first");

    b.fail(first);
    a.fail(new RuntimeException("second"));

    assertSame(first, assertThrows(RuntimeException.class, g::result));
    assertFalse(c.isDone(), "the other children keep running");
    c.complete("late");
  }

  @Test
  void aCancelledChildCancelsTheGather() {
    Promise<String> a = new Promise<>();
    Task<List<String>> g = gather(a, new Promise<String>());

    a.cancel();

    assertTrue(g.isCancelled());
  }

  @Test
  void cancellingTheGatherCancelsEveryChild() {
    Promise<String> a = new Promise<>();
    Promise<String> b = new Promise<>();
    Task<List<String>> g = gather(a, b, done("c"));

    assertTrue(g.cancel());

    assertTrue(a.isCancelled());
    assertTrue(b.isCancelled());
    assertTrue(g.isCancelled());
  }

  @Test
  void gatherOfCoroutinesOnTheLoop() {
    List<Integer> v = run(() -> {
      Promise<Integer> p = new Promise<>();
      Task<List<Integer>> g = gather(HandCompiled.addOne(p), HandCompiled.addOne(done(10)), HandCompiled.addOne(p));
      p.complete(1);
      return g;
    });

    assertEquals(List.of(2, 11, 2), v);
  }

  @Test
  void aNullTaskIsRejected() {
    assertThrows(NullPointerException.class, () -> gather(done(1), null));
  }
}
