package dev.weft;

import static dev.weft.Weft.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@link WeftStats#suspensions()} counts real suspensions only. */
@Isolated
class WeftStatsTest extends TestBase {

  @Test
  void countsRealSuspensionsOnly() {
    WeftStats.reset();
    assertEquals(0, WeftStats.suspensions());

    HandCompiled.addOne(done(1));
    assertEquals(0, WeftStats.suspensions(), "an await of a done value does not suspend");

    List<Promise<String>> gates = new ArrayList<>();
    Task<Integer> t = HandCompiled.repeat(3, () -> {
      Promise<String> p = new Promise<>();
      gates.add(p);
      return p;
    });
    assertEquals(1, WeftStats.suspensions());
    gates.get(0).complete("a");
    gates.get(1).complete("b");
    gates.get(2).complete("c");

    assertEquals(3, t.result());
    assertEquals(3, WeftStats.suspensions());
    WeftStats.reset();
    assertEquals(0, WeftStats.suspensions());
  }
}
