/**
 * The single-threaded event loop on a {@code java.nio.channels.Selector}: ready queue, timer heap, cross-thread
 * submission with deduplicated wake-ups. See {@link dev.weft.loop.EventLoop} for one turn and its latency bound.
 */
package dev.weft.loop;
