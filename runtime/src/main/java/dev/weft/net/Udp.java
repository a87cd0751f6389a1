package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.io.IOException;

/**
 * UDP entry point (asyncio's {@code create_datagram_endpoint}), to import statically or call as {@code Udp.open}.
 *
 * <pre>{@code
 * DatagramEndpoint server = await(Udp.open("127.0.0.1", 0));
 * DatagramEndpoint client = await(Udp.open("127.0.0.1", 0));
 * client.send("ping".getBytes(UTF_8), server.localAddress());
 * Datagram d = await(server.receive());
 * server.send(d.data(), d.sender());
 * Datagram pong = await(client.receive());
 * client.close(); server.close();
 * }</pre>
 *
 * <p>Threads: call on a loop thread (inside {@code Weft.run}). Nulls: the host may be null (every interface).
 */
public final class Udp {

  /** Packets an endpoint queues for {@code receive()} by default; more are dropped, and counted. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  private Udp() {
    throw new AssertionError();
  }

  /**
   * Opens an endpoint bound to {@code host:port}, queueing up to {@link #DEFAULT_QUEUE_CAPACITY} packets.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link DatagramEndpoint#port()})
   * @return a task of the endpoint; it fails with an {@code IOException} if the address cannot be bound
   * @throws IllegalArgumentException for a bad port
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<DatagramEndpoint> open(final String host, final int port) {
    return open(host, port, DEFAULT_QUEUE_CAPACITY);
  }

  /**
   * Opens an endpoint bound to {@code host:port}.
   *
   * @param host the address to bind (a name or IP literal), or null for every interface
   * @param port 0 to 65535; 0 lets the system pick (read it back with {@link DatagramEndpoint#port()})
   * @param queueCapacity how many received packets wait for {@code receive()} at most, and how many outgoing ones
   *     wait for the socket; beyond that they are dropped and counted; at least 1
   * @return a task of the endpoint; it fails with an {@code IOException} if the address cannot be bound
   * @throws IllegalArgumentException for a bad port or capacity
   * @throws IllegalStateException if the calling thread runs no loop
   */
  public static Task<DatagramEndpoint> open(final String host, final int port, final int queueCapacity) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: >= 1)");
    }
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      throw new IllegalStateException("Udp.open needs a running event loop on this thread ("
          + Thread.currentThread().getName() + "): call it inside Weft.run(...)");
    }
    Promise<DatagramEndpoint> p = new Promise<>();
    HostResolver.resolve(loop, host, port, (a, e) -> {
      if (e != null) {
        p.fail(e);
        return;
      }
      DatagramEndpoint d;
      try {
        d = DatagramEndpoint.bind(loop, a[0], queueCapacity);
      } catch (IOException ex) {
        p.fail(ex);
        return;
      }
      if (!p.complete(d)) {
        d.close(); // the open was cancelled while the name was being resolved
      }
    });
    return p;
  }
}
