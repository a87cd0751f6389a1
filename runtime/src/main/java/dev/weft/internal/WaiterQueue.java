package dev.weft.internal;

/**
 * The first-come-first-served queue of {@link Handoff}s a synchronisation primitive keeps: an intrusive doubly
 * linked list (the links live in the waiters), so adding, taking and unlinking a cancelled waiter cost O(1) and
 * allocate nothing.
 *
 * <pre>{@code
 * WaiterQueue<Handoff<Void>> waiters = new WaiterQueue<>();
 * waiters.addLast(w);
 * Handoff<Void> first = waiters.poll();        // oldest waiter still pending, or null
 * }</pre>
 *
 * <p>Links: the first waiter's {@code prev} and the last one's {@code next} are the queue itself, not null. So a
 * cancelled waiter unlinks itself ({@link #unlink(Handoff)}) without a field naming its queue: a parked task's
 * waiter is 32 bytes, not 40. The price is that the queue keeps no count: {@link #size()} walks the list.
 *
 * <p>A waiter cancelled from another thread is unlinked only when its hook reaches the loop; until then it may
 * still sit here, done. So {@link #poll()} skips done waiters and {@link #hasPending()} looks past them.
 *
 * <p>Threads: loop thread only (the owning primitive checks). Nulls: no null waiters; {@link #poll()} returns null
 * when empty.
 *
 * @param <H> the waiter type
 */
public final class WaiterQueue<H extends Handoff<?>> {

  private Handoff<?> head;
  private Handoff<?> tail;

  /**
   * Appends a waiter.
   *
   * @param w a waiter in no queue; not null
   * @throws IllegalStateException if {@code w} is already in a queue
   */
  public void addLast(final H w) {
    if (w.prev != null) {
      throw new IllegalStateException("waiter already queued: " + w);
    }
    w.next = this;
    if (tail == null) {
      w.prev = this;
      head = w;
    } else {
      w.prev = tail;
      tail.next = w;
    }
    tail = w;
  }

  /**
   * Takes the oldest waiter that is still pending; done ones met on the way are dropped.
   *
   * @return the waiter, unlinked; null if none is pending
   */
  @SuppressWarnings("unchecked")
  public H poll() {
    Handoff<?> w;
    while ((w = head) != null) {
      unlink(w);
      if (!w.isDone()) {
        return (H) w;
      }
    }
    return null;
  }

  /**
   * Unlinks a waiter, if it is queued.
   *
   * @param w the waiter, in this queue or in none (a waiter of another queue is the caller's bug); not null
   * @return true if it was here
   */
  public boolean remove(final H w) {
    if (w.prev == null) {
      return false;
    }
    unlink(w);
    return true;
  }

  /** Drops every waiter that is already done (cancelled from another thread, hook not yet run). */
  public void removeDone() {
    Handoff<?> w = head;
    while (w != null) {
      Handoff<?> n = w.next instanceof Handoff<?> h ? h : null;
      if (w.isDone()) {
        unlink(w);
      }
      w = n;
    }
  }

  /**
   * Whether any waiter is still pending. Reads only (safe for a racy query off the loop thread).
   *
   * @return true if a pending waiter is queued
   */
  public boolean hasPending() {
    for (Handoff<?> w = head; w != null; w = w.next instanceof Handoff<?> h ? h : null) {
      if (!w.isDone()) {
        return true;
      }
    }
    return false;
  }

  /** @return how many waiters are linked (done ones not yet unlinked included); walks the list */
  public int size() {
    int n = 0;
    for (Handoff<?> w = head; w != null; w = w.next instanceof Handoff<?> h ? h : null) {
      n++;
    }
    return n;
  }

  /** Unlinks {@code w} from whatever queue holds it; nothing when it is in none. */
  static void unlink(final Handoff<?> w) {
    Object p = w.prev;
    Object n = w.next;
    if (p == null) {
      return;
    }
    if (p instanceof WaiterQueue<?> q) {
      q.head = n instanceof Handoff<?> h ? h : null;
    } else {
      ((Handoff<?>) p).next = n;
    }
    if (n instanceof WaiterQueue<?> q) {
      q.tail = p instanceof Handoff<?> h ? h : null;
    } else {
      ((Handoff<?>) n).prev = p;
    }
    w.prev = null;
    w.next = null;
  }
}
