package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link TaskLocal} outside any loop: values belong to the thread, like a ThreadLocal. */
class TaskLocalUnitTest {

  @Test
  void offAnyLoopValuesBelongToTheThread() throws Exception {
    TaskLocal<String> local = new TaskLocal<>("user", "anonymous");
    assertEquals("anonymous", local.get());
    local.set("ada");
    try {
      assertEquals("ada", local.get());
      assertEquals("anonymous", CompletableFuture.supplyAsync(local::get).get(), "other threads do not see it");
      local.set(null);
      assertNull(local.get(), "null is a value");
    } finally {
      local.remove();
    }
    assertEquals("anonymous", local.get());
    assertEquals("user", local.name());
    assertThrows(NullPointerException.class, () -> new TaskLocal<String>(null));
  }

  @Test
  void spawnedTasksCopyAtSpawnTime() {
    TaskLocal<Integer> n = new TaskLocal<>("n", 0);
    int[] seen = new int[2];
    Weft.run(() -> {
      n.set(1);
      Task<Void> child = Weft.spawn(() -> {
        seen[0] = n.get();
        n.set(5);
        seen[1] = n.get();
        return Weft.done();
      });
      n.set(2);
      return child;
    });
    assertEquals(1, seen[0]);
    assertEquals(5, seen[1]);
    assertEquals(0, n.get(), "nothing leaked to the calling thread");
  }
}
