package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TEST-PLAN #6: a method with five awaits inside try/finally, a nested try and try-with-resources, cancelled at
 * each await k in turn. Each time: every finally block runs once, the resource closes once, the awaits after k never
 * run, and the awaiter sees the CancelledException.
 */
class CancelAtEveryAwaitTest {

  private final List<String> log = new ArrayList<>();
  private final List<Promise<Integer>> gates = new ArrayList<>();

  private final class Resource implements AutoCloseable {
    Resource() {
      log.add("open");
    }

    @Override
    public void close() {
      log.add("close");
    }
  }

  private Task<Integer> gate() {
    Promise<Integer> gate = new Promise<>();
    gates.add(gate);
    return gate;
  }

  @Async
  private Task<Integer> fiveAwaits() {
    int sum = 0;
    try {
      sum += await(gate());
      log.add("after 1");
      try (Resource r = new Resource()) {
        sum += await(gate());
        log.add("after 2");
        try {
          sum += await(gate());
          log.add("after 3");
        } finally {
          log.add("inner finally");
        }
        sum += await(gate());
        log.add("after 4");
      }
      sum += await(gate());
      log.add("after 5");
    } finally {
      log.add("outer finally");
    }
    return done(sum);
  }

  @Async
  private Task<String> scenario(final int cancelAt) {
    Task<Integer> victim = spawn(this::fiveAwaits);
    for (int k = 1; k <= 5; k++) {
      while (gates.size() < k) {
        await(sleep(0));
      }
      if (k == cancelAt) {
        victim.cancel();
        break;
      }
      gates.get(k - 1).complete(k);
    }
    try {
      return done("completed " + await(victim));
    } catch (CancelledException expected) {
      return done("cancelled " + victim.isCancelled());
    }
  }

  @ParameterizedTest(name = "cancel at await {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void finallyAndCloseRunOnceWhereverTheCancellationLands(final int cancelAt) {
    String outcome = run(() -> scenario(cancelAt));

    assertEquals("cancelled true", outcome);
    assertEquals(cancelAt, gates.size(), "awaits after the cancelled one ran: " + log);
    for (int k = 1; k <= 5; k++) {
      assertEquals(k < cancelAt ? 1 : 0, count("after " + k), log::toString);
    }
    assertEquals(1, count("outer finally"), log::toString);
    assertEquals(cancelAt >= 2 ? 1 : 0, count("open"), log::toString);
    assertEquals(count("open"), count("close"), "resource closed once per open: " + log);
    assertEquals(cancelAt >= 3 ? 1 : 0, count("inner finally"), log::toString);
    assertTrue(log.indexOf("outer finally") == log.size() - 1, "outer finally last: " + log);
  }

  private int count(final String entry) {
    return (int) log.stream().filter(entry::equals).count();
  }
}
