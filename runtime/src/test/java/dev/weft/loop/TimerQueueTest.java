package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The timer queue (lanes of equal-delay runs, a heap for the rest): order by deadline then scheduling, cancels on and
 * off the loop thread, entries that are their own timers, compaction, wrap-around deadlines; and a model check
 * against a sorted map under random operations.
 */
class TimerQueueTest {

  /** Runs {@code body} with a loop bound to this thread on a manual clock, then closes the loop. */
  private static void withLoop(final Consumer<EventLoop> body) {
    EventLoop loop = new EventLoop(new ManualClock());
    loop.bind();
    try {
      body.accept(loop);
    } finally {
      loop.close();
    }
  }

  @Test
  void firesInDeadlineOrderAfterRandomCancels() {
    withLoop(loop -> {
      Random random = new Random(42);
      TimerQueue q = loop.timers();
      List<long[]> expected = new ArrayList<>();
      List<Long> fired = new ArrayList<>();
      List<TimerHandle> handles = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        long deadline = random.nextInt(500);
        long seq = i;
        handles.add(q.add(deadline, () -> fired.add(deadline * 10_000 + seq)));
        expected.add(new long[] {deadline, seq});
      }
      for (int i = 0; i < 2_000; i += 3) {
        assertTrue(handles.get(i).cancel());
        expected.get(i)[0] = -1;
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
    });
  }

  @Test
  void moreInterleavedDelaysThanLanesStillFireInDeadlineOrder() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      long[] delays = {500, 100, 900, 300, 700, 200}; // six runs of one delay each, for four lanes
      List<long[]> expected = new ArrayList<>();
      List<Long> fired = new ArrayList<>();
      long seq = 0;
      for (long now = 0; now < 1_000; now += 3) {
        for (long d : delays) {
          long deadline = now + d;
          long key = deadline * 100_000 + seq;
          q.add(deadline, () -> fired.add(key));
          expected.add(new long[] {deadline, seq++});
        }
      }
      expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));

      q.runDue(10_000);

      List<Long> want = new ArrayList<>();
      for (long[] e : expected) {
        want.add(e[0] * 100_000 + e[1]);
      }
      assertEquals(want, fired);
    });
  }

  @Test
  void equalDeadlinesInOneLaneAndTheHeapStayFirstScheduledFirst() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      List<String> fired = new ArrayList<>();
      for (int l = 0; l < TimerQueue.LANES; l++) {
        int id = l;
        q.add(500 + l, () -> fired.add("lane" + id));
      }
      q.add(100, () -> fired.add("heap-a")); // fits no lane, all in use
      q.add(100, () -> fired.add("heap-b"));
      q.runDue(500); // lane 0 empties
      q.add(100, () -> fired.add("lane-c")); // an empty lane takes it: same deadline as the heap's, scheduled later
      q.add(100, () -> fired.add("lane-d"));

      q.runDue(1_000);

      assertEquals(List.of("heap-a", "heap-b", "lane0", "lane-c", "lane-d", "lane1", "lane2", "lane3"), fired);
    });
  }

  @Test
  void cancelsInsideALaneNeverFireAndMostlyCancelledLanesAreCompacted() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      List<Integer> fired = new ArrayList<>();
      List<TimerHandle> handles = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        int id = i;
        handles.add(q.add(3_000 + i, () -> fired.add(id))); // one delay: all in one lane
      }
      for (int i = 0; i < 3_000; i++) {
        if (i % 4 != 0) {
          assertTrue(handles.get(i).cancel());
        }
      }
      assertFalse(handles.get(1).cancel(), "a second cancel is a no-op");
      assertEquals(3_000, q.size(), "cancelled entries stay until dropped");

      q.nanosUntilNext(0);
      assertEquals(750, q.size(), "2,250 cancelled timers dropped by one compaction");
      q.runDue(100_000);

      List<Integer> want = new ArrayList<>();
      for (int i = 0; i < 3_000; i += 4) {
        want.add(i);
      }
      assertEquals(want, fired);
      assertEquals(0, q.size());
    });
  }

  @Test
  void aCancelledFrontIsDroppedAndTheWaitIsForTheNextLiveTimer() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      TimerHandle first = q.add(100, () -> { });
      q.add(300, () -> { });
      assertEquals(50, q.nanosUntilNext(50));
      assertTrue(first.cancel());

      assertEquals(250, q.nanosUntilNext(50));
      assertEquals(1, q.size());
    });
  }

  @Test
  void timedActionsAreTheirOwnEntriesInOrderWithHandles() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      List<String> fired = new ArrayList<>();
      Action a = new Action("a", fired);
      Action b = new Action("b", fired);
      q.add(200, a);
      q.add(100, () -> fired.add("h100"));
      q.add(200, () -> fired.add("h200"));
      q.add(200, b);
      b.cancelled = true;
      q.cancelled();

      q.runDue(1_000);

      assertEquals(List.of("h100", "a", "h200"), fired);
      assertEquals(0, q.size());
    });
  }

  @Test
  void timersScheduledWhileFiringWaitForTheNextTurn() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      List<String> fired = new ArrayList<>();
      q.add(100, () -> {
        fired.add("first");
        q.add(100, () -> fired.add("added while firing"));
      });
      q.add(100, () -> fired.add("second"));

      q.runDue(100);
      assertEquals(List.of("first", "second"), fired);
      q.runDue(100);
      assertEquals(List.of("first", "second", "added while firing"), fired);
    });
  }

  @Test
  void deadlinesCompareByDifferenceAcrossWrapAround() {
    withLoop(loop -> {
      TimerQueue q = loop.timers();
      List<String> fired = new ArrayList<>();
      long now = Long.MAX_VALUE - 5;
      q.add(now + 10, () -> fired.add("later")); // wraps to a negative number
      q.add(now + 1, () -> fired.add("sooner"));
      q.add(now + 10, () -> fired.add("later, second")); // appended to the first one's lane across the wrap

      q.runDue(now + 20);

      assertEquals(List.of("sooner", "later", "later, second"), fired);
    });
  }

  @Test
  void timersCancelledFromAnotherThreadAreCompactedAwayOnceTheyAreMostOfTheQueue() throws InterruptedException {
    EventLoop loop = new EventLoop(new ManualClock());
    loop.bind();
    try {
      List<TimerHandle> handles = new ArrayList<>();
      List<Integer> fired = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        int id = i;
        handles.add(loop.schedule(1_000 + (i * 7919L) % 1_000, TimeUnit.NANOSECONDS, () -> fired.add(id)));
      }
      Thread other = new Thread(() -> {
        for (int i = 0; i < 1_000; i++) {
          if (i % 5 != 0) {
            handles.get(i).cancel(); // far-off timers: they would sit in the queue until their deadline
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
      want.sort(Comparator.comparingLong(i -> (i * 7919L) % 1_000));
      assertEquals(want, fired);
    } finally {
      loop.close();
    }
  }

  /**
   * Random operations against a model (a sorted map from (deadline, sequence) to id): adds with a few recurring
   * delays (lanes) and random ones (the heap), loop-thread cancels, timed actions, clock steps. After each step the
   * fired ids must be exactly the model's due ones, in the model's order, and the wait must match.
   */
  @Test
  void modelCheckUnderRandomOperations() {
    for (long seed = 1; seed <= 30; seed++) {
      long s = seed;
      withLoop(loop -> check(loop.timers(), new Random(s)));
    }
  }

  private static void check(final TimerQueue q, final Random random) {
    long[] delays = {0, 7, 50, 50, 50, 1_000, 1_000, 3_333};
    TreeMap<long[], Integer> model = new TreeMap<>(Comparator.<long[]>comparingLong(k -> k[0])
        .thenComparingLong(k -> k[1]));
    List<Object> live = new ArrayList<>(); // TimerHandle or Action, by id
    List<long[]> keys = new ArrayList<>();
    List<Integer> fired = new ArrayList<>();
    long now = Long.MAX_VALUE - 20_000; // crosses the wrap-around on the way
    long seq = 0;
    for (int step = 0; step < 3_000; step++) {
      int op = random.nextInt(10);
      if (op < 6) {
        long delay = random.nextInt(3) == 0 ? random.nextInt(5_000) : delays[random.nextInt(delays.length)];
        long deadline = now + delay;
        int id = live.size();
        long[] key = {deadline - (Long.MAX_VALUE - 20_000), seq++}; // offset: the model sorts without wrapping
        if (random.nextBoolean()) {
          live.add(q.add(deadline, () -> fired.add(id)));
        } else {
          Action a = new Action(Integer.toString(id), null);
          a.onRun = () -> fired.add(id);
          q.add(deadline, a);
          live.add(a);
        }
        keys.add(key);
        model.put(key, id);
      } else if (op < 8 && !live.isEmpty()) {
        int id = random.nextInt(live.size());
        Object e = live.get(id);
        boolean wasLive = model.remove(keys.get(id)) != null;
        if (e instanceof TimerHandle h) {
          assertEquals(wasLive, h.cancel(), "cancel of " + id);
        } else if (!((Action) e).cancelled && wasLive) {
          ((Action) e).cancelled = true;
          q.cancelled();
        }
      } else {
        now += random.nextInt(4) == 0 ? 0 : random.nextInt(400);
        long due = now - (Long.MAX_VALUE - 20_000);
        List<Integer> want = new ArrayList<>();
        while (!model.isEmpty() && model.firstKey()[0] <= due) {
          want.add(model.pollFirstEntry().getValue());
        }
        fired.clear();
        q.runDue(now);
        assertEquals(want, fired, "step " + step);
        long wait = q.nanosUntilNext(now);
        assertEquals(model.isEmpty() ? -1 : model.firstKey()[0] - due, wait, "wait at step " + step);
      }
    }
  }

  /** A timed action that records its runs. */
  private static final class Action implements TimedAction {
    final String name;
    final List<String> log;
    Runnable onRun;
    boolean cancelled;

    Action(final String name, final List<String> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public void run() {
      if (onRun != null) {
        onRun.run();
      } else {
        log.add(name);
      }
    }

    @Override
    public boolean timerCancelled() {
      return cancelled;
    }
  }
}
