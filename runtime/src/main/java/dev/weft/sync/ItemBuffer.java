package dev.weft.sync;

import java.util.ArrayDeque;

/**
 * Where an {@link AsyncQueue} keeps its items: the one thing that differs between the FIFO, LIFO and priority
 * queues (asyncio's {@code _init}/{@code _put}/{@code _get}). Items are never null.
 *
 * <pre>{@code ItemBuffer<String> b = new ItemBuffer.Fifo<>(); b.add("a"); b.remove();}</pre>
 *
 * <p>Threads: the owning queue's loop thread only. Nulls: no null items.
 *
 * @param <T> the item type
 */
interface ItemBuffer<T> {

  /** Checks an item before it is accepted (a priority queue of natural order needs {@code Comparable}). */
  default void check(final T item) {
  }

  /** Adds an item in the queue's order. */
  void add(T item);

  /** Puts back an item that a getter was given but never took: it comes out next. */
  void addBack(T item);

  /** Removes the next item; the buffer is not empty. */
  T remove();

  int size();

  void clear();

  /** First in, first out: asyncio's {@code Queue}. */
  final class Fifo<T> implements ItemBuffer<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();

    @Override
    public void add(final T item) {
      items.addLast(item);
    }

    @Override
    public void addBack(final T item) {
      items.addFirst(item);
    }

    @Override
    public T remove() {
      return items.removeFirst();
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public void clear() {
      items.clear();
    }
  }

  /** Last in, first out: asyncio's {@code LifoQueue}. */
  final class Lifo<T> implements ItemBuffer<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();

    @Override
    public void add(final T item) {
      items.addLast(item);
    }

    @Override
    public void addBack(final T item) {
      items.addLast(item);
    }

    @Override
    public T remove() {
      return items.removeLast();
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public void clear() {
      items.clear();
    }
  }
}
