package dev.weft.loop;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import dev.weft.net.Tcp;
import dev.weft.net.TcpConnection;
import dev.weft.net.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The child program of {@link SelectorFaultsTest}'s accept test, run under a low descriptor limit: a TCP server that
 * greets each client with {@code hello} and holds its connection (a descriptor) until the client sends a byte or
 * goes away. Its standard output tells the parent what happens, one line per event:
 * <pre>
 * PORT 40123
 * SERVED 1                 a handler started (its connection was accepted)
 * PAUSE 1234567 cause      TcpServer logged an accept failure (nanoseconds since start, the exception)
 * DONE pauses=3 served=140 after "quit" on standard input
 * </pre>
 * The PAUSE line comes from a handler of its own, so it is printed even when the console handler cannot format the
 * record (out of descriptors, the first record of a JVM cannot load the time-zone data it needs).
 * Before PORT it serves itself once (see {@code serve}). Its classes come from one jar: a class loaded from a directory would need a descriptor, and there are none to
 * spare once accepting fails.
 */
public final class EmfileServer {

  private static final long START = System.nanoTime();
  private static final AtomicInteger PAUSES = new AtomicInteger();
  private static final AtomicInteger SERVED = new AtomicInteger();
  /** Held: JUL keeps loggers weakly. */
  private static final Logger SERVER_LOG = Logger.getLogger(TcpServer.class.getName());

  private EmfileServer() {
  }

  /** @param args {@code warm}: log one line first, as a server that has been running would have (see the test) */
  public static void main(final String[] args) {
    if (args.length > 0 && args[0].equals("warm")) {
      SERVER_LOG.info("EmfileServer starting"); // loads what formatting a log record needs (time-zone data, ...)
    }
    SERVER_LOG.addHandler(new Handler() {
      @Override
      public void publish(final LogRecord r) {
        if (r.getMessage().startsWith("accept failed")) {
          PAUSES.incrementAndGet();
          System.out.println("PAUSE " + (System.nanoTime() - START) + " " + r.getThrown());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    Promise<Void> quit = new Promise<>();
    Thread stdin = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
          // only "quit" means anything
        }
      } catch (java.io.IOException e) {
        // the parent went away: quit as well
      }
      quit.complete(null);
    }, "stdin");
    stdin.setDaemon(true);
    stdin.start();
    Weft.run(() -> serve(quit));
    System.out.println("DONE pauses=" + PAUSES.get() + " served=" + SERVED.get());
  }

  @Async
  private static Task<Void> serve(final Promise<Void> quit) {
    TcpServer server = await(Tcp.startServer("127.0.0.1", 0, EmfileServer::greet));
    // One exchange first, as any server that has run has made: the JDK sets up its socket write and close support
    // on first use, which needs a descriptor; out of them, that fails for good (every later close throws).
    TcpConnection self = await(Tcp.openConnection("127.0.0.1", server.port()));
    await(self.reader().readLine());
    self.close();
    await(self.closed());
    System.out.println("PORT " + server.port());
    await(quit);
    server.close();
    server.abortClients();
    return done();
  }

  @Async
  private static Task<Void> greet(final StreamReader in, final StreamWriter out) {
    System.out.println("SERVED " + SERVED.incrementAndGet());
    out.write("hello\n".getBytes(UTF_8));
    try {
      await(in.read(1)); // a byte or EOF: until then the connection holds a descriptor
    } catch (Exception e) {
      // the client reset the connection: it is gone either way
    }
    return done();
  }
}
