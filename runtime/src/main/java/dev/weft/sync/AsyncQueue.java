package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.DoneTask;
import dev.weft.internal.Handoff;
import dev.weft.internal.WaiterQueue;
import dev.weft.loop.EventLoop;
import java.util.Objects;

/**
 * A first-in-first-out queue between tasks of one event loop (asyncio's {@code Queue}, with Python 3.13's
 * {@code shutdown}), bounded or not. {@link #put} and {@link #get} suspend while the queue is full or empty;
 * {@link #offer} and {@link #poll} never do; {@link #taskDone()} and {@link #join()} track the processing of items.
 *
 * <pre>{@code
 * AsyncQueue<Job> jobs = new AsyncQueue<>(100);      // at most 100 waiting jobs
 *
 * @Async
 * Task<Void> producer() {
 *   for (Job j : source) await(jobs.put(j));         // waits while full
 *   await(jobs.join());                              // until every job is taskDone()
 *   jobs.shutdown();                                 // consumers leave with QueueShutDownException
 *   return done();
 * }
 *
 * @Async
 * Task<Void> consumer() {
 *   try {
 *     for (;;) {
 *       Job j = await(jobs.get());                   // waits while empty
 *       try { await(run(j)); } finally { jobs.taskDone(); }
 *     }
 *   } catch (QueueShutDownException end) {
 *     return done();
 *   }
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Operations</caption>
 *   <tr><th>operation</th><th>room / item there</th><th>full / empty</th><th>after {@code shutdown()}</th></tr>
 *   <tr><td>{@code put(x)}</td><td>done task</td><td>task completing when x is in</td>
 *       <td>failed task ({@link QueueShutDownException})</td></tr>
 *   <tr><td>{@code offer(x)}</td><td>true</td><td>false</td><td>throws {@link QueueShutDownException}</td></tr>
 *   <tr><td>{@code get()}</td><td>done task of the item</td><td>task completing with the next item</td>
 *       <td>remaining items, then a failed task</td></tr>
 *   <tr><td>{@code poll()}</td><td>the item</td><td>null</td><td>remaining items, then throws</td></tr>
 * </table>
 * {@code offer} and {@code poll} keep {@code java.util.Queue}'s meaning (refuse with false / null rather than wait),
 * but a shut-down queue makes them throw, as Python's {@code put_nowait}/{@code get_nowait} do: a producer retrying
 * a refused {@code offer} would otherwise spin forever.
 *
 * <p>Fairness: first come, first served, by direct hand-off. A {@code put} while tasks wait in {@code get} gives the
 * item straight to the oldest getter; a {@code get} from a full queue with tasks waiting in {@code put} moves the
 * oldest putter's item in at once. So a newcomer never overtakes a waiter, and {@code offer}/{@code poll} fail while
 * others wait for the same room or item. Waiters are queued in order in a list; nothing is ever polled or retried.
 *
 * <p>Cancellation: a task cancelled while waiting in {@code get} leaves without an item, and one waiting in
 * {@code put} leaves without putting its item. A getter cancelled after an item was handed to it but before it
 * resumed receives the {@code CancelledException} at the await, and the item goes back to the front of the queue
 * (or to the next getter): no item is ever lost. (That put-back may leave a bounded queue one item over its
 * {@code maxsize} for a moment.) A putter whose task completed has put its item, even if its cancellation arrives
 * before it resumes. For these guarantees, await the returned task directly (not through {@code gather} or
 * {@code spawn}).
 *
 * <p>Threads: the loop thread that first used it; elsewhere {@code IllegalStateException}. The size queries may be
 * read anywhere (a snapshot). Nulls: items may not be null ({@code poll()} returns null for "empty").
 *
 * @param <T> the item type
 */
public class AsyncQueue<T> extends LoopBound {

  private final int maxsize;
  private final ItemBuffer<T> items;
  private final WaiterQueue<Getter<T>> getters = new WaiterQueue<>();
  private final WaiterQueue<Putter<T>> putters = new WaiterQueue<>();
  private final WaiterQueue<Handoff<Void>> joiners = new WaiterQueue<>();
  private int unfinished;
  private boolean shutDown;
  private boolean dropped;

  /** An unbounded queue; it binds to the first event loop that uses it. */
  public AsyncQueue() {
    this(0);
  }

  /**
   * A queue holding at most {@code maxsize} items; 0 means unbounded (asyncio's convention).
   *
   * @param maxsize the bound, or 0
   * @throws IllegalArgumentException if {@code maxsize} is negative
   */
  public AsyncQueue(final int maxsize) {
    this(maxsize, new ItemBuffer.Fifo<>());
  }

  AsyncQueue(final int maxsize, final ItemBuffer<T> items) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize: " + maxsize + " (expected: >= 0, 0 for unbounded)");
    }
    this.maxsize = maxsize;
    this.items = items;
  }

  /**
   * Puts an item, waiting while the queue is full.
   *
   * @param item the item; not null
   * @return a done task when the item went in (or to a waiting getter) at once; otherwise a task completing when it
   *     does; a failed task ({@link QueueShutDownException}) after {@link #shutdown()}, or if the queue is shut
   *     down while this put waits
   * @throws IllegalStateException off this queue's loop thread
   */
  public final Task<Void> put(final T item) {
    Objects.requireNonNull(item, "item");
    EventLoop l = checkLoop("put");
    items.check(item);
    if (shutDown) {
      return DoneTask.failed(shutDownError("put"));
    }
    if (accept(item)) {
      return Weft.done();
    }
    Putter<T> p = new Putter<>(l, item);
    putters.addLast(p);
    return p;
  }

  /**
   * Puts an item if that needs no waiting.
   *
   * @param item the item; not null
   * @return true if the item went in (or to a waiting getter), false if the queue is full
   * @throws QueueShutDownException after {@link #shutdown()}
   * @throws IllegalStateException off this queue's loop thread
   */
  public final boolean offer(final T item) {
    Objects.requireNonNull(item, "item");
    checkLoop("offer");
    items.check(item);
    if (shutDown) {
      throw shutDownError("offer");
    }
    return accept(item);
  }

  /**
   * Takes the next item, waiting while the queue is empty.
   *
   * @return a done task of the item when one is there; otherwise a task completing with the next item put; a
   *     failed task ({@link QueueShutDownException}) once the queue is shut down and empty
   * @throws IllegalStateException off this queue's loop thread
   */
  public final Task<T> get() {
    EventLoop l = checkLoop("get");
    if (items.size() > 0) {
      return Weft.done(take());
    }
    if (shutDown) {
      return DoneTask.failed(shutDownError("get"));
    }
    Getter<T> g = new Getter<>(l, this);
    getters.addLast(g);
    return g;
  }

  /**
   * Takes the next item if one is there.
   *
   * @return the item, or null when the queue is empty
   * @throws QueueShutDownException once the queue is shut down and empty
   * @throws IllegalStateException off this queue's loop thread
   */
  public final T poll() {
    checkLoop("poll");
    if (items.size() > 0) {
      return take();
    }
    if (shutDown) {
      throw shutDownError("poll");
    }
    return null;
  }

  /**
   * Marks one item taken earlier as processed. When every item put so far is processed, {@link #join()} waiters
   * resume.
   *
   * @throws IllegalStateException if called more times than items were put, or off this queue's loop thread
   */
  public final void taskDone() {
    checkLoop("taskDone");
    if (unfinished <= 0) {
      throw new IllegalStateException("AsyncQueue.taskDone(): called more times than there were items");
    }
    finishOne();
  }

  /**
   * Waits until every item put so far has been processed ({@link #taskDone()} called for it).
   *
   * @return a done task when nothing is unfinished; otherwise a task completing when the count reaches zero
   * @throws IllegalStateException off this queue's loop thread
   */
  public final Task<Void> join() {
    EventLoop l = checkLoop("join");
    if (unfinished == 0) {
      return Weft.done();
    }
    Handoff<Void> j = new Handoff<>(l);
    joiners.addLast(j);
    return j;
  }

  /** As {@link #shutdown(boolean) shutdown(false)}: items already in the queue can still be taken. */
  public final void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down (Python 3.13): later puts fail, tasks waiting in {@code put} or {@code get} fail with
   * {@link QueueShutDownException}, and gets fail once the queue is empty. {@code immediate} also drops the items
   * still queued (each counts as processed for {@link #join()}), so gets fail at once. {@link #join()} still waits
   * for the items already taken to be marked {@link #taskDone()}. Shutting down twice is harmless.
   *
   * @param immediate whether to drop the queued items
   * @throws IllegalStateException off this queue's loop thread
   */
  public final void shutdown(final boolean immediate) {
    checkLoop("shutdown");
    shutDown = true;
    if (immediate) {
      dropped = true;
      int n = items.size();
      items.clear();
      unfinished = Math.max(0, unfinished - n);
      if (unfinished == 0) {
        wakeJoiners();
      }
    }
    Getter<T> g;
    while ((g = getters.poll()) != null) {
      g.reject(shutDownError("get"));
    }
    Putter<T> p;
    while ((p = putters.poll()) != null) {
      p.reject(shutDownError("put"));
    }
  }

  /** @return the number of items in the queue (not counting items handed to getters) */
  public final int size() {
    return items.size();
  }

  /** @return true when no item is in the queue */
  public final boolean isEmpty() {
    return items.size() == 0;
  }

  /** @return true when the queue is bounded and holds {@code maxsize} items (or more, briefly, see the class) */
  public final boolean isFull() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  /** @return the bound, or 0 for an unbounded queue */
  public final int maxsize() {
    return maxsize;
  }

  /** @return true once {@link #shutdown} was called */
  public final boolean isShutDown() {
    return shutDown;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[size: " + items.size() + (maxsize > 0 ? "/" + maxsize : "")
        + ", getters: " + getters.size() + ", putters: " + putters.size() + ", unfinished: " + unfinished
        + (shutDown ? ", shut down" : "") + "]";
  }

  /** Places an item without waiting: to the oldest getter, else into the buffer if there is room. */
  private boolean accept(final T item) {
    if (putters.hasPending()) {
      return false; // full, with others already waiting for room: no overtaking
    }
    Getter<T> g;
    while ((g = getters.poll()) != null) {
      if (g.grant(item)) {
        unfinished++;
        return true;
      }
    }
    if (maxsize > 0 && items.size() >= maxsize) {
      return false;
    }
    items.add(item);
    unfinished++;
    return true;
  }

  /** Takes the next item and fills the room it leaves with the oldest putters' items. */
  private T take() {
    T item = items.remove();
    Putter<T> p;
    while ((maxsize == 0 || items.size() < maxsize) && (p = putters.poll()) != null) {
      if (p.grant(null)) {
        items.add(p.item);
        unfinished++;
      }
    }
    return item;
  }

  /** A getter was handed {@code item} but never took it: give it to the next getter, or back to the front. */
  private void giveBack(final T item) {
    if (dropped) {
      if (unfinished > 0) {
        finishOne(); // an immediate shutdown dropped the queued items (as processed); this one goes the same way
      }
      return;
    }
    Getter<T> g;
    while ((g = getters.poll()) != null) {
      if (g.grant(item)) {
        return;
      }
    }
    items.addBack(item);
  }

  private void finishOne() {
    if (--unfinished == 0) {
      wakeJoiners();
    }
  }

  private void wakeJoiners() {
    Handoff<Void> j;
    while ((j = joiners.poll()) != null) {
      j.grant(null);
    }
  }

  private QueueShutDownException shutDownError(final String op) {
    return new QueueShutDownException(getClass().getSimpleName() + "." + op + "(): the queue is shut down"
        + (op.equals("get") || op.equals("poll") ? " and empty" : ""));
  }

  /** A task waiting in {@link #get()}. */
  private static final class Getter<T> extends Handoff<T> {
    private final AsyncQueue<T> queue;

    Getter(final EventLoop loop, final AsyncQueue<T> queue) {
      super(loop);
      this.queue = queue;
    }

    @Override
    protected void whenDiscarded() {
      queue.giveBack(result());
    }
  }

  /** A task waiting in {@link #put} with its item. */
  private static final class Putter<T> extends Handoff<Void> {
    final T item;

    Putter(final EventLoop loop, final T item) {
      super(loop);
      this.item = item;
    }
  }
}
