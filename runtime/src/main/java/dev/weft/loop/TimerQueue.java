package dev.weft.loop;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop's timers: a binary min-heap ordered by deadline, then by scheduling order (so equal deadlines fire
 * first-scheduled first). Each handle knows its index, so a cancel on the loop thread removes it in O(log n);
 * timers cancelled from other threads are dropped lazily when they reach the top, and when they make up more than
 * half of a heap of {@value #COMPACT_MIN} or more, the heap is rebuilt without them in O(n) (asyncio's rule), so
 * far-off timers cancelled from elsewhere do not pile up.
 *
 * <p>Threads: loop thread only, except {@link #lazyCancelled()}, which any thread calls.
 */
final class TimerQueue {

  /** Heaps smaller than this are never compacted: dropping at the top is cheap enough. */
  static final int COMPACT_MIN = 256;

  private TimerHandle[] heap = new TimerHandle[16];
  private int size;
  private long nextSeq;
  /**
   * Timers cancelled from other threads and perhaps still in the heap. A hint, not an exact count: a cancel may be
   * counted just after the loop dropped the handle; a compaction recounts from the heap itself.
   */
  private final AtomicInteger lazy = new AtomicInteger();

  /** A timer of this queue was cancelled from another thread (it stays in the heap until dropped). Any thread. */
  void lazyCancelled() {
    lazy.incrementAndGet();
  }

  TimerHandle add(final EventLoop loop, final long deadline, final Runnable action) {
    TimerHandle h = new TimerHandle(loop, deadline, nextSeq++, action);
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    h.index = size;
    heap[size++] = h;
    siftUp(h.index);
    return h;
  }

  void remove(final TimerHandle h) {
    int i = h.index;
    if (i < 0 || i >= size || heap[i] != h) {
      return;
    }
    removeAt(i);
  }

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
    dropCancelledTop();
    if (size == 0) {
      return -1;
    }
    long d = heap[0].deadline - now;
    return d <= 0 ? 0 : d;
  }

  /**
   * Fires every timer due at {@code now} that was scheduled before this call. Timers scheduled by the actions
   * themselves wait for the next turn, even with a zero delay: that is what makes {@code sleep(0)} yield.
   */
  void runDue(final long now) {
    compactIfMostlyCancelled();
    long fence = nextSeq;
    while (size > 0) {
      TimerHandle h = heap[0];
      if (h.isCancelled()) {
        removeAt(0);
        continue;
      }
      if (h.deadline - now > 0 || h.seq >= fence) {
        return;
      }
      removeAt(0);
      h.fire();
    }
  }

  /** Rebuilds the heap without its cancelled timers once they are more than half of it. */
  private void compactIfMostlyCancelled() {
    if (size < COMPACT_MIN || lazy.get() * 2 <= size) {
      return;
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      TimerHandle h = heap[i];
      if (h.isCancelled()) {
        h.index = -1;
      } else {
        heap[kept++] = h;
      }
    }
    Arrays.fill(heap, kept, size, null);
    size = kept;
    lazy.set(0); // cancels racing with this pass are found at the top, or by the next compaction
    for (int i = 0; i < size; i++) {
      heap[i].index = i;
    }
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      heap[i].index = -1;
      heap[i] = null;
    }
    size = 0;
    lazy.set(0);
  }

  private void dropCancelledTop() {
    while (size > 0 && heap[0].isCancelled()) {
      removeAt(0);
    }
  }

  private void removeAt(final int i) {
    TimerHandle removed = heap[i];
    removed.index = -1;
    int last = --size;
    if (i == last) {
      heap[last] = null;
      return;
    }
    TimerHandle moved = heap[last];
    heap[last] = null;
    heap[i] = moved;
    moved.index = i;
    siftDown(i);
    if (heap[i] == moved) {
      siftUp(i);
    }
  }

  private static boolean before(final TimerHandle a, final TimerHandle b) {
    long d = a.deadline - b.deadline; // difference, not comparison: deadlines may wrap around Long.MAX_VALUE
    return d < 0 || (d == 0 && a.seq < b.seq);
  }

  private void siftUp(int i) {
    TimerHandle h = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerHandle p = heap[parent];
      if (!before(h, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = h;
    h.index = i;
  }

  private void siftDown(int i) {
    TimerHandle h = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimerHandle c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, h)) {
        break;
      }
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = h;
    h.index = i;
  }
}
