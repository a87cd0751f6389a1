package dev.weft.loop;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by deadline, then by scheduling order (so equal deadlines fire
 * first-scheduled first). Each handle knows its index, so a cancel on the loop thread removes it in O(log n);
 * timers cancelled from other threads are dropped lazily when they reach the top.
 *
 * <p>Threads: loop thread only.
 */
final class TimerQueue {

  private TimerHandle[] heap = new TimerHandle[16];
  private int size;
  private long nextSeq;

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

  void clear() {
    for (int i = 0; i < size; i++) {
      heap[i].index = -1;
      heap[i] = null;
    }
    size = 0;
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
