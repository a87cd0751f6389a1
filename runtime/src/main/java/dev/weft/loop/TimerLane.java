package dev.weft.loop;

import java.util.function.Predicate;

/**
 * A first-in first-out run of timers whose order by (deadline, sequence) is their order of arrival: a queue that
 * only ever appends behind its last entry (the {@link TimerQueue} sends a timer here only when its deadline is not
 * before that entry's) and pops at the front. Timers of one delay arrive in deadline order, so a lane holds them at
 * O(1) per add and pop, where a heap of 100,000 timers due together sifts 17 levels deep per pop.
 *
 * <p>Storage: a chain of fixed-size {@link Chunk}s, each three parallel arrays (deadlines, sequence numbers,
 * entries), so a burst of timers is never copied to grow, a deadline read walks a {@code long[]} rather than the
 * entries, and no array is big enough for the collector to treat it specially. An emptied lane keeps one chunk. An
 * entry is a {@link TimerHandle} or a {@link TimedAction}.
 *
 * <p>Threads: loop thread only.
 */
final class TimerLane {

  /** Entries per chunk: 4 KB per {@code long[]}. */
  static final int CHUNK = 512;

  /** A block of entries; the front chunk is read from {@code head}, the last one written up to {@code tail}. */
  private static final class Chunk {
    final long[] deadlines = new long[CHUNK];
    final long[] seqs = new long[CHUNK];
    final Object[] entries = new Object[CHUNK];
    Chunk next;
  }

  private Chunk first = new Chunk();
  private Chunk last = first;
  /** Index of the front entry in {@code first}. */
  private int head;
  /** Index of the next free slot in {@code last}. */
  private int tail;
  private int count;

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  /** @return the deadline of the last entry; the lane must not be empty */
  long tailDeadline() {
    return last.deadlines[tail - 1];
  }

  /** @return the deadline of the front entry; the lane must not be empty */
  long headDeadline() {
    return first.deadlines[head];
  }

  /** @return the sequence number of the front entry; the lane must not be empty */
  long headSeq() {
    return first.seqs[head];
  }

  /** @return the front entry; the lane must not be empty */
  Object headEntry() {
    return first.entries[head];
  }

  /** Appends; the caller checked that {@code deadline} is not before {@link #tailDeadline()}. */
  void add(final long deadline, final long seq, final Object entry) {
    Chunk c = last;
    int i = tail;
    if (i == CHUNK) {
      c = last = c.next = new Chunk();
      i = 0;
    }
    c.deadlines[i] = deadline;
    c.seqs[i] = seq;
    c.entries[i] = entry;
    tail = i + 1;
    count++;
  }

  /** Removes and returns the front entry; the lane must not be empty. */
  Object poll() {
    Chunk c = first;
    int i = head;
    Object e = c.entries[i];
    c.entries[i] = null;
    if (--count == 0) {
      reset();
    } else if (++i == CHUNK) {
      first = c.next; // count > 0, so a next chunk exists
      head = 0;
    } else {
      head = i;
    }
    return e;
  }

  /**
   * Drops the entries {@code dead} accepts, keeping the others in order (rewritten from the front, in place).
   *
   * @return how many were dropped
   */
  int removeIf(final Predicate<Object> dead) {
    Chunk rc = first;
    int ri = head;
    Chunk wc = first;
    int wi = head;
    int kept = 0;
    for (int k = 0; k < count; k++) {
      if (ri == CHUNK) {
        rc = rc.next;
        ri = 0;
      }
      Object e = rc.entries[ri];
      if (!dead.test(e)) {
        if (wi == CHUNK) {
          wc = wc.next;
          wi = 0;
        }
        wc.deadlines[wi] = rc.deadlines[ri];
        wc.seqs[wi] = rc.seqs[ri];
        wc.entries[wi++] = e;
        kept++;
      }
      ri++;
    }
    // Clear what was left behind the new end, in the write chunk and the chunks after it.
    for (Chunk c = wc; c != null; c = c.next) {
      java.util.Arrays.fill(c.entries, c == wc ? wi : 0, c == last ? tail : CHUNK, null);
    }
    int dropped = count - kept;
    count = kept;
    if (count == 0) {
      reset();
    } else {
      wc.next = null;
      last = wc;
      tail = wi;
    }
    return dropped;
  }

  void clear() {
    for (Chunk c = first; c != null; c = c.next) {
      java.util.Arrays.fill(c.entries, null);
    }
    count = 0;
    reset();
  }

  /** Back to one empty chunk (the front one, already cleared of entries). */
  private void reset() {
    first.next = null;
    last = first;
    head = 0;
    tail = 0;
  }
}
