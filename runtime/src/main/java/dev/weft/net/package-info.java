/**
 * Network streams on the event loop, asyncio style: {@link dev.weft.net.Tcp#openConnection} and
 * {@link dev.weft.net.Tcp#startServer} give a {@link dev.weft.net.StreamReader} and a
 * {@link dev.weft.net.StreamWriter} that {@code @Async} code reads and writes in straight lines.
 *
 * <p>Layers, as in asyncio's {@code selector_events.py}: a transport ({@code SocketTransport}, package-private)
 * owns the channel, its selection key and the outgoing buffer, and talks to the selector; the reader is fed bytes by
 * the transport and asks it to pause and resume reading; the writer is a thin face of the transport.
 *
 * <p>TLS ({@code Tcp} overloads taking an {@code SSLContext} or {@link dev.weft.net.TlsOptions}): a package-private
 * {@code SslTransport} sits on the socket transport as its byte sink (asyncio's {@code SSLProtocol}), drives the
 * JDK's {@code SSLEngine} on the loop, and is itself the transport of an ordinary reader and writer.
 *
 * <p>Also here: UDP ({@link dev.weft.net.Udp#open}, {@link dev.weft.net.DatagramEndpoint}) and whole-file reads and
 * writes that keep the loop free ({@link dev.weft.net.AsyncFiles}).
 */
package dev.weft.net;
