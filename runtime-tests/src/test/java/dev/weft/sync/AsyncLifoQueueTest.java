package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncLifoQueueTest extends AsyncTestBase {

  @Test
  void getTakesTheMostRecentItem() {
    AsyncLifoQueue<Integer> q = new AsyncLifoQueue<>();
    List<Integer> got = run(() -> {
      for (int i = 1; i <= 4; i++) {
        await(q.put(i));
      }
      List<Integer> out = new ArrayList<>();
      while (!q.isEmpty()) {
        out.add(await(q.get()));
      }
      return done(out);
    });
    assertEquals(List.of(4, 3, 2, 1), got);
  }

  @Test
  void boundedLifoPutWaitsAndItsItemGoesOnTop() {
    AsyncLifoQueue<Integer> q = new AsyncLifoQueue<>(2);
    List<Integer> got = run(() -> {
      await(q.put(1));
      await(q.put(2));
      Task<Void> putter = spawn(() -> q.put(3));
      await(sleep(0));
      assertFalse(putter.isDone());
      List<Integer> out = new ArrayList<>();
      out.add(await(q.get())); // 2; the room it leaves takes 3
      await(putter);
      out.add(await(q.get()));
      out.add(await(q.get()));
      return done(out);
    });
    assertEquals(List.of(2, 3, 1), got);
  }
}
