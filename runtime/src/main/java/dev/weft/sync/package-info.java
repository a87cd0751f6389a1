/**
 * Synchronisation primitives and queues for tasks of one event loop, with asyncio's semantics and Java names:
 * {@link dev.weft.sync.AsyncLock}, {@link dev.weft.sync.AsyncEvent}, {@link dev.weft.sync.AsyncCondition},
 * {@link dev.weft.sync.AsyncSemaphore}, {@link dev.weft.sync.AsyncBoundedSemaphore},
 * {@link dev.weft.sync.AsyncBarrier}, {@link dev.weft.sync.AsyncQueue}, {@link dev.weft.sync.AsyncPriorityQueue}
 * and {@link dev.weft.sync.AsyncLifoQueue}.
 *
 * <pre>{@code
 * AsyncQueue<String> q = new AsyncQueue<>(2);
 * spawn(() -> { await(q.put("a")); return done(); });
 * String s = await(q.get());
 * }</pre>
 *
 * <p><b>Waiting.</b> Every operation that may wait returns a {@link dev.weft.Task} to {@code await}; it is already
 * done when no waiting is needed (so the await does not suspend). Nothing here blocks a thread, takes an OS lock on
 * the hot path, polls or retries: each waiting task has its own task in a first-come-first-served list, and is
 * completed directly when its turn comes.
 *
 * <p><b>Fairness.</b> Waiters are served in arrival order, by <em>hand-off</em>: a released lock or permit, a put
 * item, room freed in a bounded queue goes straight to the oldest waiter, before that waiter has even run again. A
 * task arriving meanwhile cannot overtake it ({@code tryAcquire}, {@code offer} and {@code poll} fail while others
 * wait). From the outside this is asyncio's behaviour since 3.12 (newcomers queue while a woken waiter is pending);
 * asyncio's queues, which let a newcomer take an item a woken getter was meant to get, are less fair.
 *
 * <p><b>Cancellation.</b> Cancelling a task suspended in one of these waits cancels its wait task (DESIGN: a
 * cancelled task cancels what it awaits); the waiter leaves the list at once and takes nothing. A cancellation that
 * arrives after the resource was handed over but before the task resumed still raises {@code CancelledException} at
 * the await, and the resource goes back: the lock or permit passes to the next waiter, the queue item returns to the
 * front of the queue. So no lock leaks and no item is lost. This relies on the awaiting coroutine telling the wait
 * task that it dropped the value, so await the returned task directly, and once: a task that follows it
 * ({@code spawn(() -> q.get())}, {@code gather}) cannot pass that on. {@link dev.weft.sync.AsyncCondition}'s waits
 * end, even when cancelled, only once the lock is held again, as asyncio's do.
 *
 * <p><b>Threads.</b> A primitive belongs to the first event loop that uses it (it may be created anywhere, before
 * {@code Weft.run} too). Operations from any other thread, or with no loop running, throw
 * {@code IllegalStateException}; read-only queries ({@code isLocked()}, {@code size()}, ...) work anywhere and
 * return a snapshot. To act from another thread, submit the call to the loop ({@code loop.execute(...)}).
 *
 * <p><b>Nulls.</b> No method takes null; queue items may not be null ({@code poll()} returns null for "empty").
 *
 * <p><b>Left out of asyncio's set.</b> A lock owner (asyncio has none either; any task may release), reentrant
 * locks, and {@code Queue.qsize()}-style names ({@code size()} is the Java name).
 */
package dev.weft.sync;
