package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Real Python's {@code asyncq.py}: producers put timestamped items into an {@link AsyncQueue}, consumers take
 * them and print how long each item waited.
 *
 * <pre>
 * $ java -jar weft-examples.jar asyncq -p 2 -c 5     # or: asyncq 2 5; defaults: 5 producers, 10 consumers
 * Producer 0 sleeping for 0.08 seconds.
 * Producer 1 sleeping for 0.05 seconds.
 * Consumer 0 sleeping for 0.06 seconds.
 * ...
 * Producer 1 added &lt;28cb0bfc1e&gt; to queue.
 * Producer 1 sleeping for 0.08 seconds.
 * Consumer 2 got element &lt;28cb0bfc1e&gt; in 0.00112 seconds.
 * ...
 * Program completed in 0.75047 seconds (18 items; producers: 2, consumers: 5).
 * </pre>
 *
 * <p>Each producer makes 0 to 10 items, sleeping a random 0 to 10 story seconds before each; each consumer
 * sleeps as long before each {@code get}. A story second is {@code --scale} real seconds (default 0.01). The
 * consumers loop forever: once the producers are done, {@link AsyncQueue#join()} waits until every item was
 * taken and marked done, and then the consumers are cancelled. Thread rule: {@link #execute} runs an event loop on
 * the calling thread.
 */
public final class Asyncq {

    private static final String USAGE = "asyncq [-p|--nprod N] [-c|--ncon N] [--seed SEED] [--scale FACTOR]"
            + " [NPROD [NCON]]";

    /**
     * An item in the queue.
     *
     * @param value    five random bytes in hex
     * @param putNanos {@link System#nanoTime()} when it was put
     */
    record Item(String value, long putNanos) {
    }

    /** Where the demo prints. */
    private final PrintStream out;

    /** Draws the sleeps, counts and items; seeded. */
    private final Random random;

    /** Real seconds per story second. */
    private final double scale;

    /** How many items the producers put. */
    private int items;

    private Asyncq(final PrintStream out, final long seed, final double scale) {
        this.out = out;
        this.random = new Random(seed);
        this.scale = scale;
    }

    /**
     * Sleeps a random 0 to 10 story seconds, saying so. (No {@code await} here, so no {@code @Async}: it
     * returns the sleep's task for the caller to await.)
     *
     * @param caller who sleeps
     * @return the sleep
     */
    private Task<Void> randomSleep(final String caller) {
        double seconds = random.nextInt(11) * scale;
        out.printf(Locale.ROOT, "%s sleeping for %.2f seconds.%n", caller, seconds);
        return sleep(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /**
     * Puts 0 to 10 items into the queue, after a random sleep each.
     *
     * @param name the producer's number
     * @param q    the queue
     * @return the task, done after the last put
     */
    @Async
    Task<Void> produce(final int name, final AsyncQueue<Item> q) {
        int n = random.nextInt(11);
        for (int k = 0; k < n; k++) {
            await(randomSleep("Producer " + name));
            byte[] bytes = new byte[5];
            random.nextBytes(bytes);
            String value = HexFormat.of().formatHex(bytes);
            await(q.put(new Item(value, System.nanoTime())));
            items++;
            out.printf(Locale.ROOT, "Producer %d added <%s> to queue.%n", name, value);
        }
        return done();
    }

    /**
     * Takes items forever, after a random sleep each; ends only when cancelled.
     *
     * @param name the consumer's number
     * @param q    the queue
     * @return the task; it never completes normally
     */
    @Async
    Task<Void> consume(final int name, final AsyncQueue<Item> q) {
        while (true) {
            await(randomSleep("Consumer " + name));
            Item item = await(q.get());
            double waited = (System.nanoTime() - item.putNanos()) / 1e9;
            out.printf(Locale.ROOT, "Consumer %d got element <%s> in %.5f seconds.%n", name, item.value(), waited);
            q.taskDone();
        }
    }

    /**
     * Starts the producers and consumers, waits for the producers and then for the queue to be worked off,
     * then cancels the consumers.
     *
     * @param nprod how many producers
     * @param ncon  how many consumers
     * @return the task, done when the queue is
     */
    @Async
    Task<Void> main0(final int nprod, final int ncon) {
        AsyncQueue<Item> q = new AsyncQueue<>();
        List<Task<Void>> producers = new ArrayList<>();
        for (int n = 0; n < nprod; n++) {
            final int name = n;
            producers.add(spawn(() -> produce(name, q)));
        }
        List<Task<Void>> consumers = new ArrayList<>();
        for (int n = 0; n < ncon; n++) {
            final int name = n;
            consumers.add(spawn(() -> consume(name, q)));
        }
        await(gather(producers));
        await(q.join()); // every item taken and marked done, so the consumers are idle
        for (Task<Void> c : consumers) {
            c.cancel();
        }
        return done();
    }

    /**
     * Runs the demo, then prints the total time.
     *
     * @param args {@code -p}/{@code --nprod} (5), {@code -c}/{@code --ncon} (10) or the same as positional
     *             arguments, {@code --seed} (444), {@code --scale} (0.01); not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        int nprod = a.intOption("-p|--nprod", 5, 0);
        int ncon = a.intOption("-c|--ncon", 10, 1);
        long seed = a.longOption("--seed", 444);
        double scale = a.positiveOption("--scale", 0.01);
        List<String> rest = a.positionals();
        if (rest.size() > 2) {
            throw a.fail("too many arguments: " + rest);
        }
        if (rest.size() > 0) {
            nprod = a.parseInt("NPROD", rest.get(0), 0);
        }
        if (rest.size() > 1) {
            ncon = a.parseInt("NCON", rest.get(1), 1);
        }
        Asyncq demo = new Asyncq(out, seed, scale);
        int p = nprod;
        int c = ncon;

        long start = System.nanoTime();
        Weft.run(() -> demo.main0(p, c));
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Program completed in %.5f seconds (%d items; producers: %d, consumers: %d).%n",
                elapsed, demo.items, nprod, ncon);
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
