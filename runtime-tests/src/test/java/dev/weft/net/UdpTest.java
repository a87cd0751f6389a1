package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static dev.weft.net.NetTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.nio.channels.ClosedChannelException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Udp} and {@link DatagramEndpoint}: send and receive, echo, the bounded queue, close, descriptors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpTest {

  @Async
  private Task<Void> sendReceive() {
    DatagramEndpoint a = await(Udp.open(HOST, 0));
    DatagramEndpoint b = await(Udp.open(HOST, 0));
    assertTrue(a.port() > 0);
    assertTrue(a.send(bytes("hello b"), b.localAddress()));
    Datagram d = await(b.receive());
    assertEquals("hello b", text(d.data()));
    assertEquals(a.localAddress(), d.sender(), "the sender is a's bound address");
    b.send(bytes(""), d.sender()); // an empty datagram is a datagram
    assertEquals(0, await(a.receive()).data().length);
    a.close();
    b.close();
    await(a.closed());
    await(b.closed());
    return done();
  }

  @Test
  void sendAndReceiveBetweenTwoEndpoints() {
    run(this::sendReceive);
  }

  @Async
  private static Task<Void> echoServer(final DatagramEndpoint ep) {
    for (;;) {
      Datagram d;
      try {
        d = await(ep.receive());
      } catch (Exception e) {
        assertTrue(e instanceof ClosedChannelException, "closed: " + e);
        return done();
      }
      ep.send(d.data(), d.sender());
    }
  }

  @Async
  private Task<Void> echo() {
    DatagramEndpoint server = await(Udp.open(HOST, 0));
    Task<Void> serving = spawn(() -> echoServer(server));
    DatagramEndpoint client = await(Udp.open(HOST, 0));
    // One at a time, so loss (none is expected on loopback) could only stall, never reorder the check.
    for (int i = 0; i < 200; i++) {
      client.send(bytes("ping " + i), server.localAddress());
      assertEquals("ping " + i, text(await(client.receive()).data()));
    }
    byte[] big = new byte[60_000]; // near the UDP maximum: one datagram, whole
    big[59_999] = 7;
    client.send(big, server.localAddress());
    Datagram back = await(client.receive());
    assertEquals(60_000, back.data().length);
    assertEquals(7, back.data()[59_999]);
    server.close(); // the waiting receive fails with ClosedChannelException: the echo loop ends
    await(serving);
    assertThrows(IllegalStateException.class, () -> server.send(bytes("x"), client.localAddress()));
    Task<Datagram> afterClose = server.receive();
    assertTrue(afterClose.isDone());
    try {
      await(afterClose);
      fail("receive after close");
    } catch (Exception e) {
      assertTrue(e instanceof ClosedChannelException, e.toString());
    }
    client.close();
    await(server.closed());
    await(client.closed());
    return done();
  }

  @Test
  void echoAndClose() {
    run(this::echo);
  }

  @Async
  private Task<Void> boundedQueue() {
    DatagramEndpoint receiver = await(Udp.open(HOST, 0, 4));
    DatagramEndpoint sender = await(Udp.open(HOST, 0));
    int sent = 50;
    for (int i = 0; i < sent; i++) {
      sender.send(bytes("p" + i), receiver.localAddress());
    }
    // Nobody receives: let the loop read whatever the kernel delivered (lossless on loopback at this size).
    while (receiver.queued() + receiver.receiveDrops() < sent) {
      await(sleep(1));
    }
    assertEquals(4, receiver.queued(), "the queue holds its capacity");
    assertEquals(sent - 4, receiver.receiveDrops(), "the rest were dropped and counted");
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      got.add(text(await(receiver.receive()).data()));
    }
    assertEquals(Set.of("p0", "p1", "p2", "p3"), got, "the first ones are kept");
    assertEquals(0, sender.sendDrops());
    receiver.close();
    sender.close();
    await(receiver.closed());
    await(sender.closed());
    return done();
  }

  @Test
  void theIncomingQueueIsBoundedAndDropsAreCounted() {
    run(this::boundedQueue);
  }

  @Async
  private Task<Void> cancelledReceiver() {
    DatagramEndpoint a = await(Udp.open(HOST, 0));
    DatagramEndpoint b = await(Udp.open(HOST, 0));
    Task<Datagram> first = b.receive();
    Task<Datagram> second = b.receive();
    first.cancel();
    a.send(bytes("to the second"), b.localAddress());
    assertEquals("to the second", text(await(second).data()), "a cancelled receiver is skipped");
    a.close();
    b.close();
    return done();
  }

  @Test
  void aCancelledReceiverIsSkipped() {
    run(this::cancelledReceiver);
  }

  @Async
  private Task<Integer> manyEndpoints(final int n, final boolean leaveOpen) {
    for (int i = 0; i < n; i++) {
      DatagramEndpoint a = await(Udp.open(HOST, 0));
      DatagramEndpoint b = await(Udp.open(HOST, 0));
      a.send(new byte[] {(byte) i}, b.localAddress());
      assertEquals((byte) i, await(b.receive()).data()[0]);
      if (!leaveOpen) {
        a.close();
        b.close();
        await(a.closed());
        await(b.closed());
      }
    }
    return done(EventLoop.current().keyCount());
  }

  @Test
  void noDescriptorOrKeyIsLeftBehind() {
    assumeTrue(NetTesting.openDescriptors() > 0, "needs /proc/self/fd");
    run(() -> manyEndpoints(5, false)); // warm up
    int before = NetTesting.openDescriptors();
    int keys = run(() -> manyEndpoints(500, false));
    int afterClosing = NetTesting.openDescriptors();
    run(() -> manyEndpoints(50, true)); // left open: the loop's end closes them
    int afterLoopEnd = NetTesting.openDescriptors();
    System.out.printf("UdpTest: 500 endpoint pairs; descriptors before %d, after closing %d, after a loop left 100"
        + " open %d; keys left %d%n", before, afterClosing, afterLoopEnd, keys);
    assertEquals(0, keys, "selector keys still registered");
    assertTrue(afterClosing <= before + 8, "descriptors: before " + before + ", after " + afterClosing);
    assertTrue(afterLoopEnd <= before + 8, "descriptors: before " + before + ", after " + afterLoopEnd);
  }

  @Test
  void badArguments() {
    assertThrows(IllegalStateException.class, () -> Udp.open(HOST, 0), "needs a loop");
    run(() -> {
      assertThrows(IllegalArgumentException.class, () -> Udp.open(HOST, 70_000));
      assertThrows(IllegalArgumentException.class, () -> Udp.open(HOST, 0, 0));
      return done();
    });
  }
}
