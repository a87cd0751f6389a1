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
   * close to then. The loop does not select on every turn, so this asks it to ({@link EventLoop#afterNextSelect}).
   *
   * @param loop the loop; not null
   * @param action run on the loop thread after the next select
   */
  static void afterNextSelect(final EventLoop loop, final Runnable action) {
    loop.afterNextSelect(action);
  }
}
