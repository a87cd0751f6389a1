package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncPriorityQueueTest extends AsyncTestBase {

  @Test
  void naturalOrderSmallestFirst() {
    AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>();
    List<Integer> got = run(() -> {
      for (int i : new int[] {5, 1, 4, 2, 3}) {
        await(q.put(i));
      }
      List<Integer> out = new ArrayList<>();
      while (!q.isEmpty()) {
        out.add(await(q.get()));
      }
      return done(out);
    });
    assertEquals(List.of(1, 2, 3, 4, 5), got);
  }

  record Job(int priority, String name) {
  }

  @Test
  void comparatorOrderKeepsEqualItemsInPutOrder() {
    AsyncPriorityQueue<Job> q = new AsyncPriorityQueue<>(Comparator.comparingInt(Job::priority));
    List<String> got = run(() -> {
      await(q.put(new Job(2, "b1")));
      await(q.put(new Job(1, "a1")));
      await(q.put(new Job(2, "b2")));
      await(q.put(new Job(1, "a2")));
      await(q.put(new Job(2, "b3")));
      List<String> out = new ArrayList<>();
      while (!q.isEmpty()) {
        out.add(await(q.get()).name());
      }
      return done(out);
    });
    assertEquals(List.of("a1", "a2", "b1", "b2", "b3"), got);
  }

  @Test
  void boundedPriorityPutWaits() {
    AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>(2);
    List<Integer> got = run(() -> {
      await(q.put(5));
      await(q.put(7));
      Task<Void> putter = spawn(() -> q.put(1));
      await(sleep(0));
      List<Integer> out = new ArrayList<>();
      out.add(await(q.get())); // 5; then 1 moves in
      await(putter);
      out.add(await(q.get()));
      out.add(await(q.get()));
      return done(out);
    });
    assertEquals(List.of(5, 1, 7), got);
  }

  @Test
  void naturalOrderRefusesItemsThatAreNotComparable() {
    AsyncPriorityQueue<Object> q = new AsyncPriorityQueue<>();
    run(() -> {
      assertThrows(ClassCastException.class, () -> q.put(new Object()));
      return done();
    });
  }
}
