package dev.weft.net;

import dev.weft.Task;

/**
 * What a {@link TcpServer} runs for each accepted connection, as a task of its own: an {@code @Async} method or a
 * lambda that awaits.
 *
 * <pre>{@code
 * TcpServer server = await(Tcp.startServer("127.0.0.1", 0, Echo::serve));
 *
 * @Async
 * static Task<Void> serve(StreamReader in, StreamWriter out) {
 *   for (byte[] line; (line = await(in.readLine())).length > 0; ) {
 *     out.write(line);
 *     await(out.drain());
 *   }
 *   return done();
 * }
 * }</pre>
 *
 * <p>When the returned task ends, whatever its outcome, the server closes the connection (flushing what was written
 * first). A failure is reported once to the unhandled-exception handler and never stops the server.
 *
 * <p>Threads: called on the server's loop thread. Nulls: the arguments are never null; returning null fails the
 * connection's task with {@code NullPointerException}.
 */
@FunctionalInterface
public interface ConnectionHandler {

  /**
   * Serves one connection.
   *
   * @param reader the connection's incoming bytes
   * @param writer the connection's outgoing bytes
   * @return the task serving the connection
   */
  Task<?> handle(StreamReader reader, StreamWriter writer);
}
