package dev.weft.loop;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The loop's timers, fired in order of deadline, then of scheduling (equal deadlines fire first-scheduled first).
 *
 * <p>Most timers come in runs of one delay ({@code sleep(100)} in 100,000 tasks, an idle timeout per connection),
 * and such a run arrives in deadline order. So a timer goes to one of {@value #LANES} {@link TimerLane}s, first-in
 * first-out queues, when its deadline is not before that lane's last one (the lane whose last deadline is the
 * latest such, so each delay tends to keep a lane of its own); only a timer that fits no lane, while every lane is in
 * use, goes to a {@link TimerHeap}. Adding to and firing from a lane is O(1); the front of the queue is the
 * earliest of the lanes' fronts and the heap's top.
 *
 * <p>Entries are {@link TimerHandle}s or {@link TimedAction}s (a sleep task is its own entry). A cancelled entry is
 * not looked for: it stays where it is, is never run, and is dropped when it reaches the front; cancels are counted,
 * and once cancelled entries are more than half of a queue of {@value #COMPACT_MIN} or more, one O(n) pass drops
 * them all (asyncio's rule), so timers cancelled long before their deadline (timeouts of work that finished) do not
 * pile up: the queue holds at most about twice its live timers.
 *
 * <p>Threads: loop thread only, except {@link #cancelled()}, which any thread calls.
 */
final class TimerQueue {

  /** Queues smaller than this are never compacted: dropping at the front is cheap enough. */
  static final int COMPACT_MIN = 256;
  /** How many first-in first-out lanes: enough for a few delays in use at once, few enough to scan per pop. */
  static final int LANES = 4;

  private static final Predicate<Object> DEAD = TimerQueue::isDead;

  private final EventLoop loop;
  private final TimerLane[] lanes = new TimerLane[LANES];
  private final TimerHeap heap = new TimerHeap();
  /** Entries in the lanes and the heap, cancelled ones included. */
  private int size;
  private long nextSeq;
  /**
   * Cancels counted on the loop thread, minus cancelled entries dropped at the front. With {@link #deadElsewhere},
   * an estimate of the cancelled entries still held, not an exact count (a cancel racing a compaction may be missed
   * or counted twice); a compaction recounts from the entries themselves.
   */
  private int deadHere;
  /** Cancels counted on other threads. */
  private final AtomicInteger deadElsewhere = new AtomicInteger();

  TimerQueue(final EventLoop loop) {
    this.loop = loop;
  }

  /** Schedules an action behind a new handle. Loop thread. */
  TimerHandle add(final long deadline, final Runnable action) {
    TimerHandle h = new TimerHandle(loop, deadline, action);
    insert(deadline, h);
    return h;
  }

  /** Schedules an action that is its own entry. Loop thread. */
  void add(final long deadline, final TimedAction action) {
    insert(deadline, action);
  }

  /** An entry of this queue was cancelled (it stays until dropped). Any thread. */
  void cancelled() {
    if (loop.inLoopThread()) {
      deadHere++;
    } else {
      deadElsewhere.incrementAndGet();
    }
  }

  /** @return the entries held, cancelled ones not yet dropped included */
  int size() {
    return size;
  }

  /**
   * Nanoseconds until the earliest live timer is due.
   *
   * @param now the clock's reading
   * @return -1 when there is no timer, 0 when one is due, otherwise the wait
   */
  long nanosUntilNext(final long now) {
    compactIfMostlyCancelled();
    for (;;) {
      int src = front();
      if (src == NONE) {
        return -1;
      }
      if (!isDead(entryAt(src))) {
        long d = deadlineAt(src) - now;
        return d <= 0 ? 0 : d;
      }
      pollAt(src);
      deadHere--;
    }
  }

  /**
   * Fires every timer due at {@code now} that was scheduled before this call. Timers scheduled by the actions
   * themselves wait for the next turn, even with a zero delay: that is what makes {@code sleep(0)} yield.
   */
  void runDue(final long now) {
    compactIfMostlyCancelled();
    long fence = nextSeq;
    while (size > 0) {
      int src = front();
      if (deadlineAt(src) - now > 0 || seqAt(src) >= fence) {
        return;
      }
      Object e = pollAt(src);
      if (e instanceof TimerHandle h) {
        if (!h.fire()) {
          deadHere--;
        }
      } else if (((TimedAction) e).timerCancelled()) {
        deadHere--;
      } else {
        loop.runCallback((TimedAction) e);
      }
    }
  }

  void clear() {
    for (TimerLane lane : lanes) {
      if (lane != null) {
        lane.clear();
      }
    }
    heap.clear();
    size = 0;
    deadHere = 0;
    deadElsewhere.set(0);
  }

  // ---- placement ------------------------------------------------------------------------------------------

  private void insert(final long deadline, final Object entry) {
    long seq = nextSeq++;
    size++;
    // Best fit: the lane whose last deadline is the latest one not after this deadline; else an empty lane.
    TimerLane best = null;
    long bestGap = 0;
    TimerLane empty = null;
    int unmade = -1; // a lane not created yet (lanes are made when first needed: a loop with one delay has one)
    for (int i = 0; i < LANES; i++) {
      TimerLane lane = lanes[i];
      if (lane == null) {
        if (unmade < 0) {
          unmade = i;
        }
        continue;
      }
      if (lane.isEmpty()) {
        if (empty == null) {
          empty = lane;
        }
        continue;
      }
      long gap = deadline - lane.tailDeadline();
      if (gap >= 0 && (best == null || gap < bestGap)) {
        best = lane;
        bestGap = gap;
      }
    }
    if (best == null) {
      best = empty != null ? empty : unmade >= 0 ? (lanes[unmade] = new TimerLane()) : null;
    }
    if (best != null) {
      best.add(deadline, seq, entry);
    } else {
      heap.add(deadline, seq, entry);
    }
  }

  // ---- the front: HEAP or a lane's index --------------------------------------------------------------------

  private static final int NONE = -2;
  private static final int HEAP = -1;

  /** @return where the earliest entry is: {@link #HEAP}, a lane's index, or {@link #NONE} when empty */
  private int front() {
    int src = NONE;
    long d = 0;
    long s = 0;
    if (!heap.isEmpty()) {
      src = HEAP;
      d = heap.headDeadline();
      s = heap.headSeq();
    }
    for (int i = 0; i < LANES; i++) {
      TimerLane lane = lanes[i];
      if (lane != null && !lane.isEmpty()) {
        long ld = lane.headDeadline();
        long ls = lane.headSeq();
        if (src == NONE || TimerHeap.before(ld, ls, d, s)) {
          src = i;
          d = ld;
          s = ls;
        }
      }
    }
    return src;
  }

  private long deadlineAt(final int src) {
    return src == HEAP ? heap.headDeadline() : lanes[src].headDeadline();
  }

  private long seqAt(final int src) {
    return src == HEAP ? heap.headSeq() : lanes[src].headSeq();
  }

  private Object entryAt(final int src) {
    return src == HEAP ? heap.headEntry() : lanes[src].headEntry();
  }

  private Object pollAt(final int src) {
    size--;
    return src == HEAP ? heap.poll() : lanes[src].poll();
  }

  // ---- cancelled entries ------------------------------------------------------------------------------------

  private static boolean isDead(final Object e) {
    return e instanceof TimerHandle h ? h.isCancelled() : ((TimedAction) e).timerCancelled();
  }

  /** Drops every cancelled entry once they are more than half of the queue. */
  private void compactIfMostlyCancelled() {
    if (size < COMPACT_MIN || (deadHere + deadElsewhere.get()) * 2L <= size) {
      return;
    }
    int dropped = heap.removeIf(DEAD);
    for (TimerLane lane : lanes) {
      if (lane != null) {
        dropped += lane.removeIf(DEAD);
      }
    }
    size -= dropped;
    deadHere = 0;
    deadElsewhere.set(0); // cancels racing with this pass are dropped at the front, or by the next compaction
  }
}
