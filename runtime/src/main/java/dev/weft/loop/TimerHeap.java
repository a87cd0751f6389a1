package dev.weft.loop;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A binary min-heap of timers ordered by deadline, then by sequence number: the {@link TimerQueue}'s place for
 * timers that fit none of its lanes. Deadlines, sequence numbers and entries sit in three parallel arrays, so a sift
 * compares {@code long}s without touching the entries. Entries do not know their position: a cancelled one stays
 * until it reaches the top or a compaction ({@link #removeIf}) rebuilds the heap without it.
 *
 * <p>Threads: loop thread only.
 */
final class TimerHeap {

  private long[] deadlines = new long[16];
  private long[] seqs = new long[16];
  private Object[] entries = new Object[16];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** @return the earliest deadline; the heap must not be empty */
  long headDeadline() {
    return deadlines[0];
  }

  /** @return the sequence number of the earliest entry; the heap must not be empty */
  long headSeq() {
    return seqs[0];
  }

  /** @return the earliest entry; the heap must not be empty */
  Object headEntry() {
    return entries[0];
  }

  void add(final long deadline, final long seq, final Object entry) {
    if (size == entries.length) {
      deadlines = Arrays.copyOf(deadlines, size * 2);
      seqs = Arrays.copyOf(seqs, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    siftUp(size++, deadline, seq, entry);
  }

  /** Removes and returns the earliest entry; the heap must not be empty. */
  Object poll() {
    Object top = entries[0];
    int last = --size;
    long d = deadlines[last];
    long s = seqs[last];
    Object e = entries[last];
    entries[last] = null;
    if (last > 0) {
      siftDown(0, d, s, e);
    }
    return top;
  }

  /**
   * Drops the entries {@code dead} accepts and restores the heap order in O(n).
   *
   * @return how many were dropped
   */
  int removeIf(final Predicate<Object> dead) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!dead.test(entries[i])) {
        deadlines[kept] = deadlines[i];
        seqs[kept] = seqs[i];
        entries[kept++] = entries[i];
      }
    }
    Arrays.fill(entries, kept, size, null);
    int dropped = size - kept;
    size = kept;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, deadlines[i], seqs[i], entries[i]);
    }
    return dropped;
  }

  void clear() {
    Arrays.fill(entries, 0, size, null);
    size = 0;
  }

  /** Whether (d1, s1) comes before (d2, s2); deadlines compare by difference, as they may wrap around. */
  static boolean before(final long d1, final long s1, final long d2, final long s2) {
    long d = d1 - d2;
    return d < 0 || (d == 0 && s1 < s2);
  }

  private void siftUp(int i, final long d, final long s, final Object e) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(d, s, deadlines[parent], seqs[parent])) {
        break;
      }
      deadlines[i] = deadlines[parent];
      seqs[i] = seqs[parent];
      entries[i] = entries[parent];
      i = parent;
    }
    deadlines[i] = d;
    seqs[i] = s;
    entries[i] = e;
  }

  private void siftDown(int i, final long d, final long s, final Object e) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(deadlines[right], seqs[right], deadlines[child], seqs[child])) {
        child = right;
      }
      if (!before(deadlines[child], seqs[child], d, s)) {
        break;
      }
      deadlines[i] = deadlines[child];
      seqs[i] = seqs[child];
      entries[i] = entries[child];
      i = child;
    }
    deadlines[i] = d;
    seqs[i] = s;
    entries[i] = e;
  }
}
