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
  private int size;

  /**
   * Appends a waiter.
   *
   * @param w a waiter in no queue; not null
   * @throws IllegalStateException if {@code w} is already in a queue
   */
  public void addLast(final H w) {
    if (w.queue != null) {
      throw new IllegalStateException("waiter already queued: " + w);
    }
    w.queue = this;
    w.prev = tail;
    w.next = null;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    size++;
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
   * Unlinks a waiter, if it is in this queue.
   *
   * @param w the waiter; not null
   * @return true if it was here
   */
  public boolean remove(final H w) {
    if (w.queue != this) {
      return false;
    }
    unlink(w);
    return true;
  }

  /** Drops every waiter that is already done (cancelled from another thread, hook not yet run). */
  public void removeDone() {
    Handoff<?> w = head;
    while (w != null) {
      Handoff<?> n = w.next;
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
    for (Handoff<?> w = head; w != null; w = w.next) {
      if (!w.isDone()) {
        return true;
      }
    }
    return false;
  }

  /** @return how many waiters are linked (done ones not yet unlinked included) */
  public int size() {
    return size;
  }

  void unlink(final Handoff<?> w) {
    if (w.queue != this) {
      return;
    }
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
    w.queue = null;
    size--;
  }
}
