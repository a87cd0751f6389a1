package dev.weft.task;

import dev.weft.Task;
import dev.weft.internal.GroupTask;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Structured concurrency (asyncio 3.11's {@code TaskGroup}, Kotlin's {@code coroutineScope}): a scope whose task
 * ends only when its body and every child spawned in it have ended, so no child outlives the scope.
 *
 * <pre>{@code
 * int total = await(TaskGroup.open(group -> {
 *   Task<Integer> a = group.spawn(() -> count("a"));
 *   Task<Integer> b = group.spawn(() -> count("b"));
 *   return done(await(a) + await(b));
 * }));
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>{@link #open} calls the body at once (it runs up to its first suspension, like any {@code @Async} call);
 *       children start on a later turn, as with {@code spawn}. The scope's task succeeds with the body's value once
 *       the body and all children are done.</li>
 *   <li>The first failure, of a child or of the body, aborts the scope: the body (if still running) and every other
 *       child are cancelled, and once all have ended the scope fails with that first failure, the very exception
 *       object, with each later failure attached to it by {@link Throwable#addSuppressed} (asyncio raises an
 *       {@code ExceptionGroup}; Java's idiom, and DESIGN.md's, is the first failure with the others suppressed).
 *       Cancellations are never failures: a child cancelled by the abort, or by anyone else, is not reported.</li>
 *   <li>Cancelling the scope's task (for instance by cancelling the task that awaits it) cancels the body and every
 *       child; the scope then ends cancelled, unless a child failed (the failure wins, as in asyncio) or the body
 *       caught the cancellation and returned normally (then its outcome counts, as for any task).</li>
 *   <li>{@link #spawn} after the scope ended, or once it is aborting, throws {@code IllegalStateException}. Children
 *       may spawn further children while the scope is open.</li>
 *   <li>A body that ends cancelled on its own (it let a child's {@code CancelledException} escape, say) cancels the
 *       children and the scope ends cancelled.</li>
 * </ul>
 *
 * <pre>
 *   OPEN ──body and children all done──► CLOSED (succeeded with the body's value)
 *     │ first failure / body cancelled / scope cancelled
 *     ▼
 *   ABORTING (body and children cancelled; spawn rejected) ──all done──► CLOSED (failed or cancelled)
 * </pre>
 *
 * <p>Threads: a scope belongs to the loop of the thread that opens it ({@link #open} needs a running loop);
 * {@link #spawn} is loop-thread only; cancelling the scope's task is safe from any thread. Nulls: no argument may be
 * null; values may. Only Weft implements this interface.
 */
public interface TaskGroup {

  /**
   * Opens a scope on the current loop and runs {@code body} in it.
   *
   * @param body receives the group and returns the body's task (typically an {@code @Async} lambda ending in
   *     {@code return done(x)}); not null
   * @param <T> the value type
   * @return the scope's task: the body's value once everything ended, or the first failure
   * @throws IllegalStateException if the calling thread runs no loop
   */
  static <T> Task<T> open(final Function<? super TaskGroup, ? extends Task<T>> body) {
    return GroupTask.open(body);
  }

  /**
   * Spawns a child in this scope: as {@link dev.weft.Weft#spawn}, plus the scope's rules (its failure aborts the
   * scope; the scope waits for it; cancelling the scope cancels it). Awaiting the child is optional.
   *
   * @param body returns the child's task; not null
   * @param <R> the child's value type
   * @return the child task
   * @throws IllegalStateException if the scope has ended or is aborting, or if called off the scope's loop thread
   */
  <R> Task<R> spawn(Supplier<? extends Task<R>> body);

  /** @return true once the scope is aborting or has ended, so that {@link #spawn} would be rejected */
  boolean isClosed();
}
