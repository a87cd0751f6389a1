package dev.weft.net;

import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.nio.channels.Channel;

/**
 * Small channel chores shared by the transports and the server.
 *
 * <p>Threads: loop thread.
 */
final class Channels {

  private static final System.Logger LOG = System.getLogger(Channels.class.getName());

  private Channels() {
    throw new AssertionError();
  }

  /** Closes a channel; a failure is logged at DEBUG (there is nothing left to do with it). */
  static void closeQuietly(final Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a channel failed", e);
    }
  }

  /**
   * Runs {@code action} once the loop has selected again. A channel closed while registered keeps its file
   * descriptor until the selector deregisters its key, at the start of the next select: the JDK defers the real
   * close to then. Two hops through the ready queue guarantee a select in between, whichever phase of the turn
   * (I/O handlers or ready work) the caller is in: the first hop runs in this turn's ready phase at the earliest,
   * the second in the next turn's, which starts with a select.
   *
   * @param loop the loop; not null
   * @param action run on the loop thread after the next select
   */
  static void afterNextSelect(final EventLoop loop, final Runnable action) {
    loop.execute(() -> loop.execute(action));
  }
}
