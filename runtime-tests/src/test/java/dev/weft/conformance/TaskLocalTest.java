package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.TaskLocal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskLocal}: seen by the code a task awaits, copied into tasks it spawns, never leaking between tasks that
 * share the loop thread, and the main task's values start from the calling thread's without leaking back.
 */
class TaskLocalTest extends AsyncTestBase {

  private static final TaskLocal<String> ID = new TaskLocal<>("id", "none");
  private static final TaskLocal<Integer> OTHER = new TaskLocal<>("other");

  @Async
  private static Task<String> readAfterSuspending() {
    await(sleep(0));
    return done(ID.get());
  }

  @Async
  private static Task<Void> setAfterSuspending(final String v) {
    await(sleep(0));
    ID.set(v);
    return done();
  }

  @Async
  private static Task<String> interleave(final String v) {
    ID.set(v);
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      await(sleep(0));
      seen.append(ID.get());
    }
    return done(seen.toString());
  }

  @Async
  private Task<Void> scenario() {
    expect(1);
    assertEquals("none", ID.get());
    assertNull(OTHER.get());
    ID.set("main");
    assertEquals("main", await(readAfterSuspending()), "awaited code sees the task's value");

    Task<String> child = spawn(() -> {
      String inherited = ID.get();
      ID.set("child");
      await(sleep(0));
      return done(inherited + ">" + ID.get());
    });
    ID.set("main-after-spawn");
    assertEquals("main>child", await(child), "copied at spawn time; the child's own set stays its own");
    assertEquals("main-after-spawn", ID.get(), "the child's set does not leak back");

    List<String> both = await(gather(spawn(() -> interleave("a")), spawn(() -> interleave("b")),
        spawn(() -> interleave("c"))));
    assertEquals(List.of("aaaaa", "bbbbb", "ccccc"), both, "no leak between tasks sharing the loop thread");
    assertEquals("main-after-spawn", ID.get());

    await(setAfterSuspending("set-by-callee"));
    assertEquals("set-by-callee", ID.get(), "an awaited call belongs to the same task (asyncio: same context)");

    OTHER.set(7);
    ID.remove();
    assertEquals("none", ID.get());
    assertEquals(7, OTHER.get());
    OTHER.set(null);
    assertNull(OTHER.get());
    expect(2);
    Task<Void> probe = spawn(() -> {
      assertEquals("none", ID.get(), "a removed value is not inherited");
      return done();
    });
    await(probe);
    finish(3);
    return done();
  }

  @Test
  void valuesFlowIntoAwaitsAndSpawnsAndNeverLeak() {
    run(this::scenario);
  }

  @Test
  void theMainTaskStartsFromTheCallersValuesAndDoesNotLeakBack() {
    ID.set("outside");
    try {
      List<String> seen = new ArrayList<>();
      run(() -> {
        seen.add(ID.get());
        ID.set("inside");
        return readAfterSuspending();
      }).chars();
      seen.add(run(TaskLocalTest::readAfterSuspending));
      assertEquals(List.of("outside", "outside"), seen);
      assertEquals("outside", ID.get());
    } finally {
      ID.remove();
    }
    assertEquals("none", ID.get());
  }

  @Test
  void aSpawnSeesTheValueTheMainTaskSetBeforeItsFirstSuspension() {
    String r = run(() -> {
      ID.set("first");
      return spawn(TaskLocalTest::readAfterSuspending);
    });
    assertEquals("first", r);
  }
}
