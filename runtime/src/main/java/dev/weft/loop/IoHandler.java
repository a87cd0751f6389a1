package dev.weft.loop;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * Reacts to readiness of a channel registered with {@link EventLoop#register}: the attachment of its
 * {@link SelectionKey}.
 *
 * <pre>{@code loop.register(channel, SelectionKey.OP_READ, key -> readSome(channel));}</pre>
 *
 * <p>Threads: called on the loop thread, inline in the loop's I/O phase; must not block. An exception goes to the
 * unhandled-exception handler. Ownership: the handler owns its channel; when the loop closes with the channel
 * still registered, {@link #loopClosing} must release it.
 */
@FunctionalInterface
public interface IoHandler {

  /**
   * The channel is ready for some of the key's interest operations.
   *
   * @param key the selected key; not null
   */
  void ready(SelectionKey key);

  /**
   * The loop is closing while this key is still registered: release the channel (and whatever the handler keeps
   * for it, waking anything waiting on it). Called once, on the loop thread, before the selector closes. The
   * default closes the channel.
   *
   * @param key the handler's key; not null
   * @throws IOException if closing the channel fails (reported, and the loop goes on closing)
   */
  default void loopClosing(final SelectionKey key) throws IOException {
    key.channel().close();
  }

  /**
   * The loop replaced its selector (a rebuild after the JDK's selector misbehaved: see {@code docs/design.md}): the
   * channel is now registered under {@code key}, with the same interest set and this handler attached; the old key
   * is cancelled. A handler that keeps its key must use this one from now on. Called on the loop thread, between
   * turns. The default does nothing.
   *
   * @param key the channel's new key; not null
   */
  default void rekeyed(final SelectionKey key) {
  }
}
