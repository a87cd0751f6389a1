package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;
import static dev.weft.net.NetTesting.bytes;
import static dev.weft.net.NetTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on both ends through {@code SSLEngine}: echo both ways, a megabyte with backpressure, lines split across
 * records, close_notify and EOF, certificates the peer does not trust, handshake timeout and garbage. Certificates
 * are made at test time by {@link TlsTesting}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsTest {

  private static final SSLContext SERVER = TlsTesting.Contexts.SERVER;
  private static final SSLContext CLIENT = TlsTesting.Contexts.CLIENT;

  /** Greets, then echoes lines until EOF, then says goodbye (if the peer can still hear it). */
  @Async
  static Task<Void> echo(final StreamReader in, final StreamWriter out) {
    out.write(bytes("hello from the server\n"));
    for (;;) {
      byte[] line = await(in.readLine());
      if (line.length == 0) {
        return done();
      }
      out.write(line);
      await(out.drain());
    }
  }

  @Async
  private Task<Void> echoBothWays() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TlsTest::echo, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    assertNotNull(c.sslSession(), "handshake finished before the connection was handed over");
    assertTrue(c.sslSession().getProtocol().startsWith("TLS"), c.sslSession().getProtocol());
    assertEquals("hello from the server\n", text(await(c.reader().readLine())), "server to client");
    for (int i = 0; i < 100; i++) {
      c.writer().write(bytes("line " + i + "\n"));
      await(c.writer().drain());
      assertEquals("line " + i + "\n", text(await(c.reader().readLine())), "client to server and back");
    }
    c.close();
    await(c.closed());
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void echoRoundTripsBothWays() {
    run(this::echoBothWays);
  }

  @Async
  private Task<Void> plainTcpHasNoSession() {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> done()));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port()));
    assertNull(c.sslSession());
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void plainTcpConnectionsHaveNoSslSession() {
    run(this::plainTcpHasNoSession);
  }

  @Async
  private Task<Void> splitLines() {
    List<String> seen = new ArrayList<>();
    Promise<Void> finished = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      for (byte[] l; (l = await(in.readLine())).length > 0; ) {
        seen.add(text(l));
      }
      finished.complete(null);
      return done();
    }, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    // Each write is a TLS record of its own: lines are cut across records, and records hold several lines.
    for (String part : new String[] {"hel", "lo\nwor", "ld\n", "a\nb\nc", "\n", "no newline at EOF"}) {
      c.writer().write(bytes(part));
      await(c.writer().drain());
    }
    c.close();
    await(finished);
    assertEquals(List.of("hello\n", "world\n", "a\n", "b\n", "c\n", "no newline at EOF"), seen);
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void readLineAcrossRecords() {
    run(this::splitLines);
  }

  @Async
  private Task<Void> megabyte() {
    int size = 1024 * 1024;
    byte[] payload = new byte[size];
    new Random(42).nextBytes(payload);
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      byte[] all = await(in.readExactly(size));
      for (int off = 0; off < all.length; off += 10_000) { // back in odd-sized pieces
        out.write(all, off, Math.min(10_000, all.length - off));
        await(out.drain());
      }
      return done();
    }, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    Task<byte[]> back = spawn(() -> c.reader().readExactly(size)); // reads while we write: no deadlock
    c.writer().write(payload); // one call: far more than the high-water mark
    await(c.writer().drain());
    assertArrayEquals(payload, await(back));
    assertArrayEquals(new byte[0], await(c.reader().read(1)), "the server closed after its handler ended");
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void oneMebibyteThereAndBack() {
    run(this::megabyte);
  }

  @Async
  private Task<Void> slowReader() {
    int chunk = 16 * 1024;
    Promise<Void> startReading = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(startReading); // a peer that does not read, until told to
      long total = 0;
      for (byte[] b; (b = await(in.read(64 * 1024))).length > 0; ) {
        total += b.length;
      }
      out.write(bytes(total + "\n"));
      return done();
    }, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    StreamWriter w = c.writer();
    byte[] data = new byte[chunk];
    long written = 0;
    long maxBuffered = 0;
    int suspensions = 0;
    long firstSuspension = -1;
    while (firstSuspension < 0 || written - firstSuspension < 2 * 1024 * 1024) {
      assertTrue(written < 512L * 1024 * 1024, "drain() never suspended with a peer that does not read");
      w.write(data);
      written += chunk;
      maxBuffered = Math.max(maxBuffered, w.bufferedBytes());
      Task<Void> d = w.drain();
      if (!d.isDone()) {
        suspensions++;
        if (firstSuspension < 0) {
          firstSuspension = written;
          startReading.complete(null);
        }
      }
      await(d);
    }
    w.shutdownOutput(); // close_notify, then a TCP half-close: the server's read loop ends
    assertEquals(written + "\n", text(await(c.reader().readLine())), "the server got every byte");
    assertTrue(suspensions > 0);
    // Ciphertext per 16 KiB record is a little larger: one chunk plus overhead past the mark, at most.
    assertTrue(maxBuffered <= StreamOptions.DEFAULT_HIGH_WATER + 2L * chunk,
        "buffer stays bounded: " + maxBuffered);
    c.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void drainSuspendsWhileThePeerDoesNotReadAndMemoryStaysBounded() {
    run(this::slowReader);
  }

  @Async
  private Task<Void> closeNotify() {
    Promise<String> serverSaw = new Promise<>();
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      byte[] all = await(in.readAll()); // ends at the client's close_notify, cleanly
      serverSaw.complete(text(all));
      out.write(bytes("got " + all.length + " bytes"));
      return done(); // the server closes: close_notify to the client
    }, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    c.writer().write(bytes("everything I have"));
    c.writer().shutdownOutput(); // TLS half-close (TLS 1.3): close_notify, then TCP FIN; reading goes on
    assertEquals("everything I have", await(serverSaw));
    assertEquals("got 17 bytes", text(await(c.reader().readAll())), "the reply, then EOF from close_notify");
    assertTrue(c.reader().atEof());
    c.close();
    await(c.closed());

    // A client that closes: the server's read sees EOF, not an error.
    Promise<byte[]> lastRead = new Promise<>();
    TcpServer server2 = await(Tcp.startServer(HOST, 0, (in, out) -> {
      lastRead.complete(await(in.readLine()));
      return done();
    }, SERVER));
    TcpConnection c2 = await(Tcp.openConnection(HOST, server2.port(), CLIENT));
    c2.close();
    assertArrayEquals(new byte[0], await(lastRead));
    server.close();
    server2.close();
    await(server.closed());
    await(server2.closed());
    return done();
  }

  @Test
  void closeNotifyIsEofBothWays() {
    run(this::closeNotify);
  }

  @Async
  private Task<Void> untrustedClient(final AtomicInteger handlersRun) throws SSLPeerUnverifiedException {
    SSLParameters needAuth = SERVER.getDefaultSSLParameters();
    needAuth.setNeedClientAuth(true);
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      handlersRun.incrementAndGet();
      return echo(in, out);
    }, TlsOptions.of(SERVER).withParameters(needAuth), StreamOptions.defaults()));

    // A client whose certificate the server does not trust: under TLS 1.3 its handshake finishes on its side,
    // so the server's alert arrives at its first read; under TLS 1.2 the open itself fails. Either is clean.
    for (int i = 0; i < 3; i++) {
      try {
        TcpConnection rogue = await(Tcp.openConnection(HOST, server.port(), TlsTesting.Contexts.ROGUE_CLIENT));
        rogue.writer().write(bytes("let me in\n"));
        byte[] line = await(rogue.reader().readLine());
        fail("a rejected client read " + text(line));
      } catch (Exception e) {
        assertTrue(e instanceof SSLException, "an SSLException, not " + e);
      }
    }
    // A client that does not trust the server: its own handshake fails.
    try {
      await(Tcp.openConnection(HOST, server.port(), TlsTesting.Contexts.STRANGER));
      fail("the server's self-signed certificate is not in the default trust store");
    } catch (Exception e) {
      assertTrue(e instanceof SSLHandshakeException, "an SSLHandshakeException, not " + e);
    }
    // The server goes on serving trusted clients.
    TcpConnection good = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    assertEquals("hello from the server\n", text(await(good.reader().readLine())));
    good.writer().write(bytes("trusted\n"));
    assertEquals("trusted\n", text(await(good.reader().readLine())));
    assertNotNull(good.sslSession().getPeerCertificates());
    good.close();
    await(good.closed());
    assertTrue(server.isServing());
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void serverRejectsAnUntrustedClientAndGoesOnServing() {
    AtomicInteger handlers = new AtomicInteger();
    try (NetTesting.Unhandled unhandled = new NetTesting.Unhandled()) {
      run(() -> {
        try {
          return untrustedClient(handlers);
        } catch (SSLPeerUnverifiedException e) {
          throw new AssertionError(e);
        }
      });
      assertEquals(1, handlers.get(), "only the trusted client's handler ran");
      assertTrue(unhandled.seen.isEmpty(), "handshake failures are no unhandled errors: " + unhandled.seen);
    }
  }

  @Async
  private Task<Void> hostnameMismatch() {
    // A server whose certificate (the test client's own: trusted by SERVER, the context used as the client here)
    // names neither 127.0.0.1 nor localhost.
    TcpServer server = await(Tcp.startServer(HOST, 0, TlsTest::echo, CLIENT));
    try {
      await(Tcp.openConnection(HOST, server.port(), SERVER));
      fail("the certificate does not name 127.0.0.1");
    } catch (Exception e) {
      assertTrue(e instanceof SSLHandshakeException, "refused: " + e);
    }
    TcpConnection unchecked = await(Tcp.openConnection(HOST, server.port(),
        TlsOptions.of(SERVER).withHostnameVerification(false), StreamOptions.defaults()));
    assertEquals("hello from the server\n", text(await(unchecked.reader().readLine())));
    unchecked.close();
    await(unchecked.closed());
    server.close();
    await(server.closed());
    // The right names pass: an IP literal against the IP SAN (the other tests), a name against the DNS SAN.
    TcpServer named = await(Tcp.startServer(HOST, 0, TlsTest::echo, SERVER));
    TcpConnection byName = await(Tcp.openConnection("localhost", named.port(), CLIENT));
    assertEquals("hello from the server\n", text(await(byName.reader().readLine())));
    byName.close();
    named.close();
    await(named.closed());
    return done();
  }

  @Test
  void theServersNameIsChecked() {
    run(this::hostnameMismatch);
  }

  @Async
  private Task<Void> silentAndGarbagePeers(final AtomicInteger handlersRun) {
    TcpServer server = await(Tcp.startServer(HOST, 0, (in, out) -> {
      handlersRun.incrementAndGet();
      return echo(in, out);
    }, TlsOptions.of(SERVER).withHandshakeTimeout(Duration.ofMillis(200)), StreamOptions.defaults()));
    // A plain TCP peer that says nothing: the server gives up on the handshake and closes.
    TcpConnection silent = await(Tcp.openConnection(HOST, server.port()));
    await(silent.reader().readAll()); // at most an alert record, then EOF: closed by the handshake timeout
    assertTrue(silent.reader().atEof());
    silent.close();
    // A plain TCP peer that sends garbage: the server answers with an alert (or nothing) and closes.
    TcpConnection garbage = await(Tcp.openConnection(HOST, server.port()));
    garbage.writer().write(bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    try {
      await(garbage.reader().readAll());
    } catch (Exception e) {
      assertTrue(e instanceof IOException, "at worst a reset: " + e);
    }
    garbage.close();
    // A TLS client that closes in the middle of its handshake: nothing for the server to run.
    TcpConnection good = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    assertEquals("hello from the server\n", text(await(good.reader().readLine())));
    good.close();
    server.close();
    await(server.closed());
    return done();
  }

  @Test
  void handshakeTimeoutAndGarbageCloseTheConnectionAndTheServerGoesOn() {
    AtomicInteger handlers = new AtomicInteger();
    run(() -> silentAndGarbagePeers(handlers));
    assertEquals(1, handlers.get(), "only the real TLS client's handler ran");
  }

  @Async
  private Task<Void> cancelledOpen() {
    TcpServer plain = await(Tcp.startServer(HOST, 0, (in, out) -> {
      await(in.readAll()); // never answers the ClientHello
      return done();
    }));
    Task<TcpConnection> open = Tcp.openConnection(HOST, plain.port(), CLIENT);
    await(dev.weft.Weft.sleep(0));
    open.cancel();
    try {
      await(open);
      fail("cancelled");
    } catch (dev.weft.CancelledException e) {
      // expected
    }
    plain.close();
    await(plain.closed()); // the client's socket was closed too, so the server's connection ended
    return done();
  }

  @Test
  void cancellingAnOpenDuringTheHandshakeClosesTheSocket() {
    run(this::cancelledOpen);
  }

  @Async
  private Task<Void> concurrentClients() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TlsTest::echo, SERVER));
    List<Task<String>> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      final int id = i;
      clients.add(spawn(() -> oneClient(server.port(), id)));
    }
    List<String> all = await(gather(clients));
    for (int i = 0; i < 20; i++) {
      assertEquals("client " + i + "\n", all.get(i));
    }
    server.close();
    await(server.closed());
    return done();
  }

  @Async
  private static Task<String> oneClient(final int port, final int id) {
    TcpConnection c = await(Tcp.openConnection(HOST, port, CLIENT));
    await(c.reader().readLine());
    c.writer().write(bytes("client " + id + "\n"));
    String s = text(await(c.reader().readLine()));
    c.close();
    await(c.closed());
    return done(s);
  }

  @Test
  void twentyConcurrentTlsClientsOnOneLoop() {
    run(this::concurrentClients);
  }

  @Async
  private Task<Void> tls12() {
    SSLParameters server12 = SERVER.getDefaultSSLParameters();
    server12.setProtocols(new String[] {"TLSv1.2"});
    server12.setNeedClientAuth(true);
    TcpServer server = await(Tcp.startServer(HOST, 0, TlsTest::echo,
        TlsOptions.of(SERVER).withParameters(server12), StreamOptions.defaults()));
    // Under TLS 1.2 the server checks the client's certificate before the client's handshake ends: open fails.
    try {
      await(Tcp.openConnection(HOST, server.port(), TlsTesting.Contexts.ROGUE_CLIENT));
      fail("the server does not trust the rogue client");
    } catch (Exception e) {
      assertTrue(e instanceof SSLException, "an SSLException, not " + e);
    }
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    assertEquals("TLSv1.2", c.sslSession().getProtocol());
    assertEquals("hello from the server\n", text(await(c.reader().readLine())));
    c.writer().write(bytes("over 1.2\n"));
    assertEquals("over 1.2\n", text(await(c.reader().readLine())));
    c.close(); // close_notify; the server's engine answers with its own and its reader sees EOF
    await(c.closed());
    server.close();
    await(server.closed()); // the handler ended: its connection closed
    return done();
  }

  @Test
  void tls12EchoAndRejection() {
    run(this::tls12);
  }

  @Test
  void isClosingAfterClose() {
    run(this::closingFlags);
  }

  @Async
  private Task<Void> closingFlags() {
    TcpServer server = await(Tcp.startServer(HOST, 0, TlsTest::echo, SERVER));
    TcpConnection c = await(Tcp.openConnection(HOST, server.port(), CLIENT));
    assertFalse(c.writer().isClosing());
    c.close();
    assertTrue(c.writer().isClosing());
    await(c.closed());
    server.close();
    await(server.closed());
    return done();
  }
}
