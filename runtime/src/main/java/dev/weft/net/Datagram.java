package dev.weft.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One UDP packet received by a {@link DatagramEndpoint}: its bytes and who sent it.
 *
 * <pre>{@code
 * Datagram d = await(endpoint.receive());
 * endpoint.send(d.data(), d.sender());     // echo it back
 * }</pre>
 *
 * <p>Threads: immutable in practice (the array is the receiver's own copy; do not change it if it is shared).
 * Nulls: neither part is null.
 */
public final class Datagram {

  private final byte[] data;
  private final InetSocketAddress sender;

  /**
   * A packet.
   *
   * @param data the payload; not null; not copied
   * @param sender where it came from; not null
   */
  public Datagram(final byte[] data, final InetSocketAddress sender) {
    this.data = Objects.requireNonNull(data, "data");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /** @return the payload (not a copy), possibly empty */
  public byte[] data() {
    return data;
  }

  /** @return the sender's address */
  public InetSocketAddress sender() {
    return sender;
  }

  @Override
  public String toString() {
    return "Datagram[" + data.length + " bytes from " + sender + "]";
  }
}
