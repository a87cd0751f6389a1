package dev.weft.net;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.internal.DoneTask;
import dev.weft.loop.EventLoop;
import dev.weft.loop.IoHandler;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A bound UDP socket on the loop (asyncio's datagram transport and protocol in one): {@link #send} never blocks,
 * {@link #receive} completes with the next packet.
 *
 * <pre>{@code
 * DatagramEndpoint ep = await(Udp.open("127.0.0.1", 0));
 * for (;;) {
 *   Datagram d = await(ep.receive());
 *   ep.send(d.data(), d.sender());        // an echo server
 * }
 * }</pre>
 *
 * <p>Queues, both bounded by the capacity given to {@link Udp#open(String, int, int)}:
 * <ul>
 *   <li>Incoming: the socket is read whenever it is readable, so the kernel's buffer never fills silently;
 *       packets no {@code receive()} waits for are queued, and once the queue is full new ones are dropped and
 *       counted in {@link #receiveDrops()} (UDP may drop; the count says how many).</li>
 *   <li>Outgoing: {@code send} hands the packet to the socket at once; only if the socket's buffer is full is it
 *       queued (a copy) until the socket is writable; beyond the capacity it is dropped, counted in
 *       {@link #sendDrops()}, and {@code send} returns false.</li>
 * </ul>
 * A packet larger than the loop's I/O buffer (64 KiB, more than any UDP payload) cannot occur. Errors of a queued
 * send (an unreachable network) drop that packet, count it and log at DEBUG; a synchronous one is thrown.
 *
 * <pre>
 *   OPEN ──close() / loop closes──► CLOSED: waiting and later receive() fail with ClosedChannelException,
 *                                    send() throws IllegalStateException; closed() completes once the descriptor
 *                                    is released
 * </pre>
 *
 * <p>Threads: loop thread only, except {@link #localAddress()} and {@link #port()}. Nulls: no argument may be null.
 */
public final class DatagramEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DatagramEndpoint.class.getName());
  /** Packets read per readiness event at most, so a flood cannot starve the loop. */
  private static final int RECEIVES_PER_EVENT = 64;

  private final EventLoop loop;
  private final DatagramChannel channel;
  /** Replaced when the loop rebuilds its selector. */
  private SelectionKey key;
  private final InetSocketAddress local;
  private final int capacity;
  private final ArrayDeque<Datagram> inbox = new ArrayDeque<>();
  /** Tasks waiting in receive(), oldest first; some may have been cancelled meanwhile. */
  private final ArrayDeque<Promise<Datagram>> receivers = new ArrayDeque<>();
  private final ArrayDeque<Datagram> outbox = new ArrayDeque<>();
  private final Promise<Void> closedPromise = new Promise<>();
  private long receiveDrops;
  private long sendDrops;
  private boolean closed;

  private DatagramEndpoint(final EventLoop loop, final DatagramChannel channel, final int capacity)
      throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.capacity = capacity;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.key = loop.register(channel, SelectionKey.OP_READ, new Handler());
  }

  /** Binds and registers; the channel is closed on failure. */
  static DatagramEndpoint bind(final EventLoop loop, final InetSocketAddress at, final int capacity)
      throws IOException {
    // An IPv4 address gets an IPv4 socket (senders then read back as plain IPv4); others the JDK's default.
    DatagramChannel ch = at.getAddress() instanceof Inet4Address && !at.getAddress().isAnyLocalAddress()
        ? DatagramChannel.open(StandardProtocolFamily.INET)
        : DatagramChannel.open();
    try {
      ch.configureBlocking(false);
      ch.bind(at);
      return new DatagramEndpoint(loop, ch, capacity);
    } catch (IOException | RuntimeException e) {
      Channels.closeQuietly(ch);
      throw e;
    }
  }

  /** @return the bound address */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** @return the bound port (the one the system picked when asked for port 0) */
  public int port() {
    return local.getPort();
  }

  /**
   * Sends one packet. Never blocks and never suspends; the array may be reused once this returns.
   *
   * @param data the payload; not null; at most 65507 bytes over IPv4
   * @param to the destination; not null, resolved (an IP address)
   * @return true if the packet was sent or queued, false if it was dropped because the outgoing queue is full
   * @throws IllegalStateException after {@link #close()}, or off the loop thread
   * @throws java.io.UncheckedIOException if the socket refuses the packet at once (too large, no route)
   */
  public boolean send(final byte[] data, final InetSocketAddress to) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(to, "to");
    checkLoop("send");
    if (closed) {
      throw new IllegalStateException("send() on a closed DatagramEndpoint");
    }
    if (outbox.isEmpty()) {
      try {
        if (sendNow(data, to)) {
          return true;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("sending " + data.length + " bytes to " + to + " failed", e);
      }
    }
    if (outbox.size() >= capacity) {
      sendDrops++;
      return false;
    }
    outbox.addLast(new Datagram(data.clone(), to));
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    return true;
  }

  /** One send through the loop's direct buffer; false if the socket's buffer is full. */
  private boolean sendNow(final byte[] data, final InetSocketAddress to) throws IOException {
    ByteBuffer b = loop.ioBuffer();
    b.clear();
    if (data.length > b.capacity()) {
      return channel.send(ByteBuffer.wrap(data), to) > 0; // cannot be a legal UDP payload; let the JDK say so
    }
    b.put(data);
    b.flip();
    return channel.send(b, to) > 0 || data.length == 0; // an empty datagram reports 0 bytes either way
  }

  /**
   * The next packet: a queued one at once, or the next to arrive. Several tasks may wait; they are served in
   * order.
   *
   * @return a task of the packet; it fails with {@code ClosedChannelException} once the endpoint is closed
   * @throws IllegalStateException off the loop thread
   */
  public Task<Datagram> receive() {
    checkLoop("receive");
    Datagram d = inbox.pollFirst();
    if (d != null) {
      return DoneTask.of(d);
    }
    if (closed) {
      return DoneTask.failed(new ClosedChannelException());
    }
    Promise<Datagram> p = new Promise<>();
    receivers.addLast(p);
    return p;
  }

  /** @return packets received and waiting for {@link #receive()} */
  public int queued() {
    checkLoop("queued");
    return inbox.size();
  }

  /** @return packets received while the incoming queue was full, and so dropped */
  public long receiveDrops() {
    checkLoop("receiveDrops");
    return receiveDrops;
  }

  /** @return packets {@link #send} dropped because the outgoing queue was full, or whose queued send failed */
  public long sendDrops() {
    checkLoop("sendDrops");
    return sendDrops;
  }

  /** @return true once {@link #close()} ran (or the loop closed) */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the socket at once: queued outgoing packets are dropped, waiting receivers fail with
   * {@code ClosedChannelException}, queued incoming packets stay readable. Idempotent.
   *
   * @throws IllegalStateException off the loop thread
   */
  @Override
  public void close() {
    checkLoop("close");
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    Channels.closeQuietly(channel);
    outbox.clear();
    for (Promise<Datagram> p; (p = receivers.pollFirst()) != null; ) {
      p.fail(new ClosedChannelException());
    }
    Channels.afterNextSelect(loop, () -> closedPromise.complete(null)); // once the descriptor is really gone
  }

  /**
   * A task that completes once the socket is closed and its file descriptor released.
   *
   * @return the same task on every call
   */
  public Task<Void> closed() {
    return closedPromise;
  }

  // ---- readiness ------------------------------------------------------------------------------------------

  private void readReady() {
    ByteBuffer b = loop.ioBuffer();
    for (int i = 0; i < RECEIVES_PER_EVENT && !closed; i++) {
      b.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) channel.receive(b);
      } catch (IOException e) {
        // An ICMP error reported on an unconnected socket (rare on Linux): nothing to deliver it to.
        LOG.log(System.Logger.Level.DEBUG, "receive on " + local + " failed", e);
        return;
      }
      if (from == null) {
        return;
      }
      b.flip();
      byte[] data = new byte[b.remaining()];
      b.get(data);
      deliver(new Datagram(data, from));
    }
  }

  private void deliver(final Datagram d) {
    for (Promise<Datagram> p; (p = receivers.pollFirst()) != null; ) {
      if (p.complete(d)) {
        return; // (a receiver cancelled while waiting is skipped)
      }
    }
    if (inbox.size() >= capacity) {
      receiveDrops++;
      return;
    }
    inbox.addLast(d);
  }

  private void writeReady() {
    while (!outbox.isEmpty() && !closed) {
      Datagram d = outbox.peekFirst();
      boolean sent;
      try {
        sent = sendNow(d.data(), d.sender());
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "a queued send to " + d.sender() + " failed; dropped", e);
        sent = true;
        sendDrops++;
      }
      if (!sent) {
        return; // still full
      }
      outbox.pollFirst();
    }
    if (!closed) {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** The key's handler (kept off the endpoint's public face). */
  private final class Handler implements IoHandler {
    @Override
    public void ready(final SelectionKey k) {
      int ops = k.readyOps();
      if ((ops & SelectionKey.OP_WRITE) != 0) {
        writeReady();
      }
      if ((ops & SelectionKey.OP_READ) != 0) {
        readReady();
      }
    }

    @Override
    public void loopClosing(final SelectionKey k) {
      close();
    }

    @Override
    public void rekeyed(final SelectionKey k) {
      key = k; // the loop rebuilt its selector
    }
  }

  private void checkLoop(final String what) {
    if (!loop.inLoopThread()) {
      throw new IllegalStateException(what + "() on a DatagramEndpoint must run on its event loop's thread, not on "
          + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "DatagramEndpoint[" + local + (closed ? ", closed" : "") + ", " + inbox.size() + " queued]";
  }
}
