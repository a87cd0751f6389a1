package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.net.NetTesting.HOST;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Both sides of {@link BackpressureAndLimitsTest}'s slow-reader run. The server (its own loop) streams a seeded byte
 * stream to each client in 16 KiB writes, honouring {@code drain()}, as fast as the client lets it; the clients
 * (another loop) either never read or read a few KiB at a time with pauses, until the run's end; then every client
 * reads the rest to EOF and checks every byte against the seed.
 */
final class SlowReaders {

  /** The server's write size: its buffer may exceed the high-water mark by at most this much. */
  static final int WRITE = 16 * 1024;

  /** The server side's figures (its loop thread; {@code stop} from any). */
  static final class Server {
    final AtomicBoolean stop = new AtomicBoolean();
    long maxBuffered;
    long written;
    int handlers;
    int errors;
  }

  /** The client side's figures (its loop thread). */
  static final class Clients {
    int connected;
    /** Never-reading clients: the largest and the total of their readers' buffers when the run ended. */
    long maxParkedBuffer;
    long parkedBuffers;
    int parked;
    long slowBytes;
    long received;
    int mismatches;
    String firstMismatch;
    int keysLeft = -1;
  }

  private SlowReaders() {
  }

  // ---- server ---------------------------------------------------------------------------------------------

  /** Streams the client's seeded stream until told to stop, then returns (the server closes: the client's EOF). */
  @Async
  static Task<Void> stream(final StreamReader in, final StreamWriter out, final Server s) {
    long seed = ByteBuffer.wrap(await(in.readExactly(8))).getLong();
    SeededBytes bytes = new SeededBytes(seed);
    byte[] chunk = new byte[WRITE];
    s.handlers++;
    try {
      while (!s.stop.get()) {
        bytes.next(chunk, WRITE);
        out.write(chunk);
        s.written += WRITE;
        s.maxBuffered = Math.max(s.maxBuffered, out.bufferedBytes());
        await(out.drain());
      }
    } catch (Exception e) {
      if (!(e instanceof IOException)) {
        throw e;
      }
      s.errors++;
    }
    return done();
  }

  // ---- clients --------------------------------------------------------------------------------------------

  /**
   * One client: sends its seed; never reads (even) or reads slowly (odd) until {@code end}; then reads to EOF,
   * comparing every byte with the seeded stream.
   */
  @Async
  private static Task<Void> client(final int port, final int index, final long seed, final Promise<Void> end,
      final Promise<Void> allConnected, final int connections, final Clients f) {
    TcpConnection c = await(Tcp.openConnection(HOST, port));
    c.writer().write(ByteBuffer.allocate(8).putLong(seed).array());
    if (++f.connected == connections) {
      allConnected.complete(null);
    }
    SeededBytes expected = new SeededBytes(seed);
    byte[] want = new byte[SeededBytes.CHUNK];
    Random rnd = new Random(seed);
    long got = 0;
    boolean same = true;
    try {
      if (index % 2 == 0) {
        await(end);
        f.parked++;
        f.parkedBuffers += c.reader().buffered();
        f.maxParkedBuffer = Math.max(f.maxParkedBuffer, c.reader().buffered());
      } else {
        while (!end.isDone()) {
          byte[] b = await(c.reader().read(1 + rnd.nextInt(4096)));
          expected.next(want, b.length);
          same &= Arrays.equals(b, 0, b.length, want, 0, b.length);
          got += b.length;
          f.slowBytes += b.length;
          await(sleep(5 + rnd.nextInt(20)));
        }
      }
      while (true) {
        byte[] b = await(c.reader().read(SeededBytes.CHUNK));
        if (b.length == 0) {
          break;
        }
        expected.next(want, b.length);
        same &= Arrays.equals(b, 0, b.length, want, 0, b.length);
        got += b.length;
      }
    } finally {
      c.close();
    }
    f.received += got;
    if (!same) {
      f.mismatches++;
      f.firstMismatch = f.firstMismatch == null ? "client " + index + " (seed " + seed + ")" : f.firstMismatch;
    }
    return done();
  }

  /**
   * Connects {@code connections} clients, lets them be slow for {@code slowMillis} after the last one connected,
   * calls {@code atPlateau} (buffers full: the memory figure is taken there), then tells the server to stop and
   * lets every client read to EOF.
   */
  @Async
  static Task<Void> run(final int port, final int connections, final long seed, final long slowMillis,
      final Server server, final Runnable atPlateau, final Clients f) {
    EventLoop loop = EventLoop.current();
    Promise<Void> end = new Promise<>();
    Promise<Void> allConnected = new Promise<>();
    List<Task<Void>> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      int index = i;
      long s = seed + i;
      clients.add(spawn(() -> client(port, index, s, end, allConnected, connections, f)));
    }
    await(allConnected);
    await(sleep(slowMillis));
    atPlateau.run();
    server.stop.set(true);
    end.complete(null);
    await(gather(clients));
    while (loop.keyCount() > 0) {
      await(sleep(1)); // closed channels leave the key set at the next select (the test's timeout bounds this)
    }
    f.keysLeft = loop.keyCount();
    return done();
  }
}
