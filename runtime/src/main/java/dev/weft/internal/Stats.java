package dev.weft.internal;

import dev.weft.loop.EventLoop;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@code WeftStats}. A suspension on a loop is counted in a plain field of that loop's
 * {@link LoopTasks} (its thread is the only writer), because even an uncontended {@link LongAdder} costs a
 * compare-and-swap, and a ping-pong round trip suspends twice; suspensions off any loop (trampolined calls) go to
 * a shared adder, as do a loop's counts when it closes. A read sums the adder and the live loops' counters: exact
 * once the loops are quiet, a moment's approximation while they run (as before).
 *
 * <p>Threads: any.
 */
public final class Stats {

  private static final LongAdder SHARED = new LongAdder();
  /**
   * The live loops' counters, weakly: a loop nobody closed is not kept reachable by the statistics. A list, not a
   * weak hash map: registering a loop must not hash it (identity hashes are what model checkers cannot replay).
   */
  private static final List<WeakReference<LoopTasks>> LOOPS = new ArrayList<>();

  private Stats() {
    throw new AssertionError();
  }

  /** Counts one real suspension of an {@code @Async} method; {@code loop} is the calling thread's loop or null. */
  static void suspended(final EventLoop loop) {
    if (loop != null) {
      loop.tasks().suspensions++;
    } else {
      SHARED.increment();
    }
  }

  /** A new loop's counter joins the sum. */
  static void register(final LoopTasks counter) {
    synchronized (LOOPS) {
      LOOPS.removeIf(ref -> ref.get() == null); // loops collected without a close
      LOOPS.add(new WeakReference<>(counter));
    }
  }

  /** A closing loop's count moves to the shared adder. */
  static void retire(final LoopTasks counter) {
    synchronized (LOOPS) {
      for (Iterator<WeakReference<LoopTasks>> it = LOOPS.iterator(); it.hasNext();) {
        LoopTasks t = it.next().get();
        if (t == counter) {
          it.remove();
          SHARED.add(counter.suspensions - counter.suspensionsBase);
          return;
        }
        if (t == null) {
          it.remove();
        }
      }
    }
  }

  /** @return real suspensions since start or the last {@link #reset()} */
  public static long suspensions() {
    synchronized (LOOPS) {
      long n = SHARED.sum();
      for (WeakReference<LoopTasks> ref : LOOPS) {
        LoopTasks t = ref.get();
        if (t != null) {
          n += t.suspensions - t.suspensionsBase;
        }
      }
      return n;
    }
  }

  /** Zeroes the counters. */
  public static void reset() {
    synchronized (LOOPS) {
      SHARED.reset();
      for (WeakReference<LoopTasks> ref : LOOPS) {
        LoopTasks t = ref.get();
        if (t != null) {
          t.suspensionsBase = t.suspensions;
        }
      }
    }
  }
}
