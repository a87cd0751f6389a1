package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary heap: order, removal, wrap-around deadlines. */
class TimerQueueTest {

  @Test
  void firesInDeadlineOrderAfterRandomRemovals() {
    Random random = new Random(42);
    EventLoop loop = new EventLoop();
    try {
      TimerQueue q = new TimerQueue();
      List<long[]> expected = new ArrayList<>();
      List<Long> fired = new ArrayList<>();
      List<TimerHandle> handles = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        long deadline = random.nextInt(500);
        long seq = i;
        handles.add(q.add(loop, deadline, () -> fired.add(deadline * 10_000 + seq)));
        expected.add(new long[] {deadline, seq});
      }
      for (int i = 0; i < 2_000; i += 3) {
        q.remove(handles.get(i));
        long[] gone = expected.get(i);
        gone[0] = -1;
      }
      expected.removeIf(e -> e[0] < 0);
      expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));

      q.runDue(1_000);

      List<Long> want = new ArrayList<>();
      for (long[] e : expected) {
        want.add(e[0] * 10_000 + e[1]);
      }
      assertEquals(want, fired);
      assertEquals(0, q.size());
    } finally {
      loop.close();
    }
  }

  @Test
  void deadlinesCompareByDifferenceAcrossWrapAround() {
    EventLoop loop = new EventLoop();
    try {
      TimerQueue q = new TimerQueue();
      List<String> fired = new ArrayList<>();
      long now = Long.MAX_VALUE - 5;
      q.add(loop, now + 10, () -> fired.add("later")); // wraps to a negative number
      q.add(loop, now + 1, () -> fired.add("sooner"));

      q.runDue(now + 20);

      assertEquals(List.of("sooner", "later"), fired);
    } finally {
      loop.close();
    }
  }

  @Test
  void timersCancelledFromAnotherThreadAreCompactedAwayOnceTheyAreMostOfTheHeap() throws InterruptedException {
    EventLoop loop = new EventLoop(new ManualClock());
    loop.bind();
    try {
      List<TimerHandle> handles = new ArrayList<>();
      List<Integer> fired = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        int id = i;
        handles.add(loop.schedule(1_000 + i, java.util.concurrent.TimeUnit.NANOSECONDS, () -> fired.add(id)));
      }
      Thread other = new Thread(() -> {
        for (int i = 0; i < 1_000; i++) {
          if (i % 5 != 0) {
            handles.get(i).cancel(); // far-off timers: they would sit in the heap until their deadline
          }
        }
      });
      other.start();
      other.join();

      loop.timers().nanosUntilNext(0);
      assertEquals(200, loop.timers().size(), "800 cancelled timers dropped at once");
      loop.timers().runDue(Long.MAX_VALUE / 2);

      List<Integer> want = new ArrayList<>();
      for (int i = 0; i < 1_000; i += 5) {
        want.add(i);
      }
      assertEquals(want, fired);
    } finally {
      loop.close();
    }
  }
}
