package dev.weft;

import dev.weft.internal.TaskContext;
import java.util.Objects;

/**
 * A value local to a task (asyncio's {@code contextvars.ContextVar}): what a task sets is seen by the code it runs
 * and awaits, is inherited by the tasks it spawns (copied at spawn time: later changes on either side stay on that
 * side), and never leaks to other tasks sharing the loop thread.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("requestId");
 *
 * @Async Task<Void> handle(Request r) {
 *   REQUEST_ID.set(r.id());
 *   await(load(r));                 // load() and what it awaits see r.id()
 *   spawn(() -> audit(r));          // audit() starts with r.id(), in its own copy
 *   return done();
 * }
 * }</pre>
 *
 * <p>Scope: one logical task is a spawned task, or the main task of {@code Weft.run} (whose values start as a copy of
 * the calling thread's), together with every {@code @Async} call it makes: calls made by a task share its values, as
 * the coroutines a Python task awaits share its context. Outside any loop, the values belong to the thread, like a
 * {@code ThreadLocal}, and {@code @Async} calls made there carry them across their suspensions. {@code onDone}
 * callbacks and loop callbacks run outside tasks: set values only inside tasks.
 *
 * <p>Cost: nothing until the first {@code set} in the JVM; then one thread-local lookup per resumption of a task,
 * and a copy of a small array per {@code set}. {@code get} scans the task's few bindings.
 *
 * <p>Threads: {@code get}/{@code set} act on the calling thread's current task. Nulls: values may be null (a null
 * value is a binding, distinct from "unset"); the name may not.
 *
 * @param <T> the value type
 */
public final class TaskLocal<T> {

  /** The binding marker meaning "remove". */
  private static final Object UNSET = new Object();

  private final String name;
  private final T defaultValue;

  /**
   * A task-local whose value is null until set.
   *
   * @param name a name for diagnostics; not null
   */
  public TaskLocal(final String name) {
    this(name, null);
  }

  /**
   * A task-local with a default value (asyncio's {@code ContextVar(name, default=...)}).
   *
   * @param name a name for diagnostics; not null
   * @param defaultValue the value seen where none was set; may be null
   */
  public TaskLocal(final String name, final T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
  }

  /**
   * The value in the current task.
   *
   * @return the value set in this task (or inherited at spawn), else the default
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Object v = TaskContext.get(this, UNSET);
    return v == UNSET ? defaultValue : (T) v;
  }

  /**
   * Sets the value for the current task, the code it awaits from now on, and tasks it spawns from now on.
   *
   * @param value the value; may be null
   */
  public void set(final T value) {
    TaskContext.set(this, value, UNSET);
  }

  /** Removes the current task's value: {@link #get()} gives the default again. */
  public void remove() {
    TaskContext.set(this, UNSET, UNSET);
  }

  /** @return the name given at construction */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "TaskLocal[" + name + "]";
  }
}
