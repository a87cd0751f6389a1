package dev.weft.loop;

import java.nio.channels.SelectionKey;

/**
 * Reacts to readiness of a channel registered with {@link EventLoop#register}: the attachment of its
 * {@link SelectionKey}.
 *
 * <pre>{@code loop.register(channel, SelectionKey.OP_READ, key -> readSome(channel));}</pre>
 *
 * <p>Threads: called on the loop thread, inline in the loop's I/O phase; must not block. An exception goes to the
 * unhandled-exception handler.
 */
@FunctionalInterface
public interface IoHandler {

  /**
   * The channel is ready for some of the key's interest operations.
   *
   * @param key the selected key; not null
   */
  void ready(SelectionKey key);
}
