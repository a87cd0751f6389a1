package dev.weft.loop;

import java.util.function.Predicate;

/**
 * A first-in first-out run of timers whose order by (deadline, sequence) is their order of arrival: a ring buffer
 * that only ever appends behind its last entry (the {@link TimerQueue} sends a timer here only when its deadline is
 * not before that entry's) and pops at the front. Timers of one delay arrive in deadline order, so a lane holds them
 * at O(1) per add and pop, where a heap of 100,000 timers due together sifts 17 levels deep per pop.
 *
 * <p>Deadlines, sequence numbers and entries sit in three parallel arrays (a deadline read walks a {@code long[]},
 * not the entries). An entry is a {@link TimerHandle} or a {@link TimedAction}.
 *
 * <p>Threads: loop thread only.
 */
final class TimerLane {

  private static final int INITIAL = 16;
  /** An emptied lane bigger than this gives its arrays back (a burst of timers does not pin them for good). */
  private static final int KEEP_WHEN_EMPTY = 1 << 12;

  private long[] deadlines = new long[INITIAL];
  private long[] seqs = new long[INITIAL];
  private Object[] entries = new Object[INITIAL];
  /** Index of the front entry. */
  private int head;
  private int count;

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  /** @return the deadline of the last entry; the lane must not be empty */
  long tailDeadline() {
    return deadlines[(head + count - 1) & (deadlines.length - 1)];
  }

  /** @return the deadline of the front entry; the lane must not be empty */
  long headDeadline() {
    return deadlines[head];
  }

  /** @return the sequence number of the front entry; the lane must not be empty */
  long headSeq() {
    return seqs[head];
  }

  /** @return the front entry; the lane must not be empty */
  Object headEntry() {
    return entries[head];
  }

  /** Appends; the caller checked that {@code deadline} is not before {@link #tailDeadline()}. */
  void add(final long deadline, final long seq, final Object entry) {
    if (count == entries.length) {
      grow();
    }
    int i = (head + count) & (entries.length - 1);
    deadlines[i] = deadline;
    seqs[i] = seq;
    entries[i] = entry;
    count++;
  }

  /** Removes and returns the front entry; the lane must not be empty. */
  Object poll() {
    Object e = entries[head];
    entries[head] = null;
    head = (head + 1) & (entries.length - 1);
    if (--count == 0) {
      head = 0;
      if (entries.length > KEEP_WHEN_EMPTY) {
        deadlines = new long[INITIAL];
        seqs = new long[INITIAL];
        entries = new Object[INITIAL];
      }
    }
    return e;
  }

  /**
   * Drops the entries {@code dead} accepts, keeping the others in order.
   *
   * @return how many were dropped
   */
  int removeIf(final Predicate<Object> dead) {
    int mask = entries.length - 1;
    int kept = 0;
    for (int k = 0; k < count; k++) {
      int from = (head + k) & mask;
      Object e = entries[from];
      if (dead.test(e)) {
        continue;
      }
      int to = (head + kept) & mask;
      deadlines[to] = deadlines[from];
      seqs[to] = seqs[from];
      entries[to] = e;
      kept++;
    }
    for (int k = kept; k < count; k++) {
      entries[(head + k) & mask] = null;
    }
    int dropped = count - kept;
    count = kept;
    if (count == 0) {
      head = 0;
    }
    return dropped;
  }

  void clear() {
    java.util.Arrays.fill(entries, null);
    head = 0;
    count = 0;
  }

  /** Doubles the arrays, unrolling the ring so the front is at index 0. */
  private void grow() {
    int n = entries.length;
    long[] d = new long[n * 2];
    long[] s = new long[n * 2];
    Object[] e = new Object[n * 2];
    int first = n - head; // entries from head to the end of the arrays, then from 0 to head
    System.arraycopy(deadlines, head, d, 0, first);
    System.arraycopy(deadlines, 0, d, first, head);
    System.arraycopy(seqs, head, s, 0, first);
    System.arraycopy(seqs, 0, s, first, head);
    System.arraycopy(entries, head, e, 0, first);
    System.arraycopy(entries, 0, e, first, head);
    deadlines = d;
    seqs = s;
    entries = e;
    head = 0;
  }
}
