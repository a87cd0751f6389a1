package dev.weft.internal;

import java.util.Arrays;
import java.util.function.Supplier;


/**
 * The task-local values of one logical task (asyncio's {@code contextvars.Context}), behind
 * {@link dev.weft.TaskLocal}. Every coroutine created while a context is current shares it (they are the same
 * logical task, as the coroutines a Python task awaits share its context); a spawned task gets a copy taken at
 * spawn time. The running thread's current context is swapped in around each resumption of a coroutine and each
 * spawned body ({@code LiveTask.runInContext}), so values never leak between tasks that share the loop thread.
 *
 * <p>Cost: until the first {@code TaskLocal.set} in the JVM, {@link #used} is false, no context exists, and a
 * resumption pays one read of a static field. Afterwards a resumption pays one thread-local lookup and two writes.
 *
 * <p>Representation: bindings in an array of (key, value) pairs, copied on write, so a spawn's copy shares the
 * array until either side writes. Lookups scan it (tasks hold few locals).
 *
 * <p>Threads: a context belongs to its logical task, which runs on one thread at a time; the queue hand-offs
 * between resumptions publish it.
 */
public final class TaskContext {

  private static final Object[] EMPTY = {};

  /** Set, once and for good, by the first TaskLocal.set in the JVM. */
  static volatile boolean used;

  private static final ThreadLocal<Current> CURRENT = ThreadLocal.withInitial(Current::new);

  /** The per-thread slot of the current context. */
  static final class Current {
    TaskContext context;
  }

  private Object[] bindings;

  private TaskContext(final Object[] bindings) {
    this.bindings = bindings;
  }

  // ---- what TaskLocal uses ----------------------------------------------------------------------------------

  /**
   * The value bound to a key in the current context.
   *
   * @param key the TaskLocal
   * @param absent returned when the key is unbound
   * @return the value, or {@code absent}
   */
  public static Object get(final Object key, final Object absent) {
    if (!used) {
      return absent;
    }
    TaskContext c = CURRENT.get().context;
    if (c == null) {
      return absent;
    }
    Object[] b = c.bindings;
    for (int i = 0; i < b.length; i += 2) {
      if (b[i] == key) {
        return b[i + 1];
      }
    }
    return absent;
  }

  /**
   * Binds a key in the current context, creating the context if the running code has none.
   *
   * @param key the TaskLocal
   * @param value the value; {@code unbind} removes the binding
   * @param unbind the marker meaning "remove"
   */
  public static void set(final Object key, final Object value, final Object unbind) {
    if (!used) {
      used = true;
    }
    Current cur = CURRENT.get();
    TaskContext c = cur.context;
    if (c == null) {
      if (value == unbind) {
        return;
      }
      cur.context = c = new TaskContext(EMPTY);
    }
    Object[] b = c.bindings;
    for (int i = 0; i < b.length; i += 2) {
      if (b[i] == key) {
        if (value == unbind) {
          Object[] n = new Object[b.length - 2];
          System.arraycopy(b, 0, n, 0, i);
          System.arraycopy(b, i + 2, n, i, b.length - i - 2);
          c.bindings = n;
        } else {
          Object[] n = b.clone();
          n[i + 1] = value;
          c.bindings = n;
        }
        return;
      }
    }
    if (value != unbind) {
      Object[] n = Arrays.copyOf(b, b.length + 2);
      n[b.length] = key;
      n[b.length + 1] = value;
      c.bindings = n;
    }
  }

  // ---- what the runtime uses --------------------------------------------------------------------------------

  /** @return the calling thread's current context (shared, for a coroutine of the same task); null if none */
  static TaskContext current() {
    return used ? CURRENT.get().context : null;
  }

  /**
   * The context of a task spawned now: a copy of the current one (asyncio's {@code copy_context()} in
   * {@code create_task}), an empty one when the spawner has none, null while no TaskLocal was ever set.
   */
  static TaskContext forSpawn() {
    if (!used) {
      return null;
    }
    TaskContext c = CURRENT.get().context;
    return new TaskContext(c == null ? EMPTY : c.bindings);
  }

  /** @return the calling thread's slot of the current context (only once {@link #used}) */
  static Current slot() {
    return CURRENT.get();
  }

  /**
   * Calls the main supplier of {@code Weft.run} in a context of its own: a copy of the calling thread's (asyncio's
   * {@code run}), or a fresh one once TaskLocals are in use, so that nothing it sets outlives it on the thread.
   *
   * @param main the supplier
   * @param <T> its result type
   * @return what it returned
   */
  public static <T> T callRoot(final Supplier<T> main) {
    Current cur = CURRENT.get();
    TaskContext previous = cur.context;
    cur.context = used ? new TaskContext(previous == null ? EMPTY : previous.bindings) : null;
    try {
      return main.get();
    } finally {
      cur.context = previous;
    }
  }
}
