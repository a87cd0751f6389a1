package dev.weft.internal;

/**
 * Something told, exactly once, that a task finished. Called synchronously by the completing thread, after the
 * outcome is published: an implementation must therefore be quick and must never run user code inline; it
 * records, counts, unparks or enqueues (a coroutine enqueues itself on its loop or trampoline).
 *
 * <p>Threads: any. Nulls: {@code task} is never null.
 */
@FunctionalInterface
public interface Waiter {

  /**
   * The task is done; its outcome can be read without blocking.
   *
   * @param task the finished task
   */
  void taskDone(TaskCore<?> task);
}
