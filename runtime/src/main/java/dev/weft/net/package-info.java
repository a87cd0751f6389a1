/**
 * Network streams on the event loop, asyncio style: {@link dev.weft.net.Tcp#openConnection} and
 * {@link dev.weft.net.Tcp#startServer} give a {@link dev.weft.net.StreamReader} and a
 * {@link dev.weft.net.StreamWriter} that {@code @Async} code reads and writes in straight lines.
 *
 * <p>Layers, as in asyncio's {@code selector_events.py}: a transport ({@code SocketTransport}, package-private)
 * owns the channel, its selection key and the outgoing buffer, and talks to the selector; the reader is fed bytes by
 * the transport and asks it to pause and resume reading; the writer is a thin face of the transport. A later TLS
 * transport slots in behind the same reader and writer.
 */
package dev.weft.net;
