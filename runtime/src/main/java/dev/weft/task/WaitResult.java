package dev.weft.task;

import dev.weft.Task;
import java.util.List;
import java.util.Objects;

/**
 * What {@link dev.weft.Weft#waitFirst}, {@link dev.weft.Weft#waitFirstFailure} and {@link dev.weft.Weft#waitAll}
 * give (asyncio's {@code done, pending = await asyncio.wait(...)}): the tasks that were done and those still
 * pending at the moment the wait ended. The waits never cancel anything and never throw a task's failure: look at
 * the done tasks ({@code result()} or {@code await}) to see how each ended.
 *
 * <pre>{@code
 * WaitResult<Task<String>> r = await(waitFirst(List.of(mirrorA, mirrorB)));
 * String body = r.done().get(0).result();
 * r.pending().forEach(Task::cancel);
 * }</pre>
 *
 * <p>The lists keep the argument order (not completion order; use {@link dev.weft.Weft#asCompleted} for that) and
 * hold the very task objects passed in, so {@code r.done().contains(a)} is an identity test. A task passed twice
 * appears twice. Lists rather than asyncio's sets: ordered, cheap, and no hashing.
 *
 * <p>Threads: immutable; any thread. Nulls: neither list nor any element is null.
 *
 * @param done the tasks that were done, in argument order; unmodifiable
 * @param pending the tasks that were still pending, in argument order; unmodifiable
 * @param <F> the task type
 */
public record WaitResult<F extends Task<?>>(List<F> done, List<F> pending) {

  /**
   * Copies the lists.
   *
   * @param done the done tasks; not null
   * @param pending the pending tasks; not null
   */
  public WaitResult {
    done = List.copyOf(Objects.requireNonNull(done, "done"));
    pending = List.copyOf(Objects.requireNonNull(pending, "pending"));
  }
}
