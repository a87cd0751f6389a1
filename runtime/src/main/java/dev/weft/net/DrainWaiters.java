package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.util.ArrayList;

/**
 * The tasks suspended in {@code drain()} until a transport's outgoing buffer falls to its low-water mark, shared by
 * the plain and the TLS transport. Waiters cancelled meanwhile are dropped on the next {@link #add()}.
 *
 * <p>Loop thread only; no nulls.
 */
final class DrainWaiters {

  /** Allocated on first use: most connections never wait in {@code drain()}. */
  private ArrayList<Promise<Void>> waiting;

  /** A task that completes at the next {@link #wakeAll}. */
  Task<Void> add() {
    if (waiting == null) {
      waiting = new ArrayList<>(2);
    } else {
      waiting.removeIf(Task::isDone); // cancelled while waiting
    }
    Promise<Void> p = new Promise<>();
    waiting.add(p);
    return p;
  }

  /**
   * Wakes every waiter: normally, or failing them with {@code error} when the connection is lost.
   *
   * @param error the connection's error, or null for "the buffer drained"
   */
  void wakeAll(final IOException error) {
    ArrayList<Promise<Void>> ws = waiting;
    if (ws == null || ws.isEmpty()) {
      return;
    }
    waiting = null;
    for (Promise<Void> p : ws) {
      if (error == null) {
        p.complete(null);
      } else {
        p.fail(error);
      }
    }
  }
}
