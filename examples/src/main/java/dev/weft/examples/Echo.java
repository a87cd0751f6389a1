package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.net.Tcp.openConnection;
import static dev.weft.net.Tcp.startServer;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import dev.weft.net.TcpConnection;
import dev.weft.net.TcpServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An echo server and a client that opens N connections and sends M messages on each, one at a time, then
 * prints the round trips per second. Both run on one event loop, on one thread, in straight-line code.
 *
 * <pre>
 * $ java -jar weft-examples.jar echo               # or: echo -n 100 -m 10000 --size 64
 * echo server listening on /127.0.0.1:40527
 * 50 connections x 1,000 messages of 64 bytes, all connections at once
 * 50,000 round trips in 0.92 seconds: 54,213 round trips per second
 * </pre>
 *
 * <p>Each client writes a message and awaits its echo ({@code readExactly}) before the next; the connections
 * run side by side, so the loop always has work. For careful measurements see the benchmarks module. Thread
 * rule: {@link #execute} runs an event loop on the calling thread.
 */
public final class Echo {

    private static final String USAGE = "echo [-n CONNECTIONS] [-m MESSAGES] [--size BYTES]";

    private Echo() {
        throw new AssertionError("no instances");
    }

    /**
     * The server's side of one connection: writes back whatever arrives, until EOF.
     *
     * @param in  the connection's incoming bytes
     * @param out the connection's outgoing bytes
     * @return the task, done at EOF (the server then closes the connection)
     */
    @Async
    static Task<Void> serve(final StreamReader in, final StreamWriter out) {
        for (byte[] chunk; (chunk = await(in.read(64 * 1024))).length > 0; ) {
            out.write(chunk);
            await(out.drain()); // suspends only while the peer is slow to read (backpressure)
        }
        return done();
    }

    /**
     * One client connection: {@code messages} round trips of {@code size} bytes, each echo checked.
     *
     * @param port     the server's port
     * @param id       the connection's number, written into its messages
     * @param messages how many round trips
     * @param size     bytes per message
     * @return the task of the number of round trips made
     */
    @Async
    static Task<Integer> client(final int port, final int id, final int messages, final int size) {
        try (TcpConnection c = await(openConnection("127.0.0.1", port))) {
            for (int i = 0; i < messages; i++) {
                byte[] message = message(id, i, size);
                c.writer().write(message);
                await(c.writer().drain());
                byte[] echo = await(c.reader().readExactly(size));
                if (!Arrays.equals(echo, message)) {
                    throw new IllegalStateException("connection " + id + ", message " + i + ": wrong echo "
                            + new String(echo, US_ASCII));
                }
            }
        }
        return done(messages);
    }

    /** @return message {@code i} of connection {@code id}, padded with dots or cut to {@code size} bytes */
    private static byte[] message(final int id, final int i, final int size) {
        byte[] text = String.format(Locale.ROOT, "connection %d message %d ", id, i).getBytes(US_ASCII);
        byte[] message = new byte[size];
        Arrays.fill(message, (byte) '.');
        System.arraycopy(text, 0, message, 0, Math.min(size, text.length));
        return message;
    }

    /**
     * Starts the server, runs the clients side by side, closes the server.
     *
     * @param out         where to print
     * @param connections how many connections
     * @param messages    round trips on each
     * @param size        bytes per message
     * @return the task of the total number of round trips
     */
    @Async
    static Task<Long> main0(final PrintStream out, final int connections, final int messages, final int size) {
        TcpServer server = await(startServer("127.0.0.1", 0, Echo::serve));
        out.println("echo server listening on " + server.localAddress());
        out.printf(Locale.ROOT, "%,d connections x %,d messages of %d bytes, all connections at once%n",
                connections, messages, size);

        long start = System.nanoTime();
        List<Task<Integer>> clients = new ArrayList<>();
        for (int id = 0; id < connections; id++) {
            clients.add(client(server.port(), id, messages, size));
        }
        long total = 0;
        for (int n : await(gather(clients))) {
            total += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%,d round trips in %.2f seconds: %,.0f round trips per second%n",
                total, seconds, total / seconds);

        server.close();
        await(server.closed()); // every connection is closed by now: the clients closed theirs
        return done(total);
    }

    /**
     * Runs the demo.
     *
     * @param args {@code -n}/{@code --connections} (50), {@code -m}/{@code --messages} (1,000),
     *             {@code --size} (64); not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        int connections = a.intOption("-n|--connections", 50, 1);
        int messages = a.intOption("-m|--messages", 1_000, 0);
        int size = a.intOption("--size", 64, 1);
        if (!a.positionals().isEmpty()) {
            throw a.fail("no positional arguments expected: " + a.positionals());
        }
        Weft.run(() -> main0(out, connections, messages, size));
    }

    /**
     * Runs the demo, printing to standard output.
     *
     * @param args see {@link #execute}
     */
    public static void main(final String[] args) {
        execute(args, System.out);
    }
}
