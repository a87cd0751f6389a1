package dev.weft.sync;

import dev.weft.loop.EventLoop;

/**
 * The one-loop rule every primitive of this package follows, as asyncio's {@code _LoopBoundMixin}: a primitive
 * belongs to the event loop that first uses it, and every later operation must run on that loop's thread. A
 * primitive may be created anywhere (a field initialiser, before {@code Weft.run}); it binds at its first
 * operation.
 *
 * <pre>{@code
 * EventLoop loop = checkLoop("acquire");   // first line of every operation
 * }</pre>
 *
 * <p>The check costs two volatile reads once bound (the bound loop, its thread) and no lock: cheap enough for every
 * operation. Read-only queries ({@code isLocked()}, {@code size()}) skip it: off the loop thread they return a
 * possibly stale snapshot.
 *
 * <p>Threads: {@link #checkLoop} from any thread (it throws off the loop). Nulls: none.
 */
abstract class LoopBound {

  /** The loop this primitive belongs to; null until first used. Written once, on that loop's thread. */
  private volatile EventLoop loop;

  LoopBound() {
  }

  /**
   * Checks that the caller runs on this primitive's loop, binding it to the caller's loop on first use.
   *
   * @param op the operation's name, for the message
   * @return the loop; never null
   * @throws IllegalStateException when the calling thread runs no loop, or runs another loop's thread
   */
  final EventLoop checkLoop(final String op) {
    EventLoop l = loop;
    if (l != null && l.inLoopThread()) {
      return l;
    }
    return bind(op, l);
  }

  private synchronized EventLoop bind(final String op, final EventLoop bound) {
    // Off the fast path: first use, or a misuse about to be reported. Synchronized so that two loops racing to
    // bind the same primitive cannot both win; the fast path never takes this monitor.
    EventLoop current = EventLoop.current();
    String name = getClass().getSimpleName() + "." + op + "()";
    Thread t = Thread.currentThread();
    if (bound != null || loop != null) {
      throw new IllegalStateException(name + " called on thread '" + t.getName() + "', but this "
          + getClass().getSimpleName() + " belongs to another event loop" + (loop.isClosed() ? " (closed)" : "")
          + ": primitives of dev.weft.sync are single-loop; use them from their loop's thread (from elsewhere,"
          + " submit the call with loop.execute(...))");
    }
    if (current == null) {
      throw new IllegalStateException(name + " needs a running event loop on this thread (" + t.getName()
          + "): call it inside Weft.run(...)");
    }
    loop = current;
    return current;
  }
}
