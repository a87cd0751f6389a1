package dev.weft.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The examples jar's entry point: the first argument names the demo, the rest go to it.
 *
 * <pre>
 * java -jar weft-examples-VERSION.jar               # lists the demos, exit 0
 * java -jar weft-examples-VERSION.jar countasync    # runs one, exit 0
 * java -jar weft-examples-VERSION.jar chained 1 2 # runs one with arguments
 * java -jar weft-examples-VERSION.jar nosuchdemo    # usage on stderr, exit 2
 * </pre>
 *
 * <p>Every demo is non-interactive and finishes in seconds with its default arguments. Thread rule: call
 * from {@code main} only (demos start their own event loop on the calling thread).
 */
public final class Demos {

    /** Exit status for an unknown demo name (as for bad arguments elsewhere in Weft). */
    static final int USAGE = 2;

    /**
     * One demo.
     *
     * @param name        the name given on the command line; never null
     * @param description one line for the listing; never null
     * @param main        the demo's entry point, given the arguments after the name; never null
     */
    record Demo(String name, String description, Consumer<String[]> main) {
    }

    /** Every demo, in listing order. */
    static final List<Demo> ALL = List.of(
            new Demo("countasync",
                    "three tasks print One, sleep 1 s, print Two, concurrently: ~1 s in all (asyncio's count)",
                    CountAsync::main),
            new Demo("countsync",
                    "the same with Thread.sleep, one call after another: ~3 s, for contrast",
                    CountSync::main),
            new Demo("chained",
                    "three chains of two awaits each, side by side: as long as the longest chain, not the sum",
                    Chained::main),
            new Demo("rand",
                    "three tasks draw random numbers until one beats a threshold, sleeping between draws",
                    Rand::main),
            new Demo("asyncq",
                    "producers and consumers around an AsyncQueue; join(), then cancel the consumers (-p N -c N)",
                    Asyncq::main),
            new Demo("simul",
                    "a chess master plays 24 boards at once: ~1 h instead of 12 h (sped up 1800 times)",
                    Simul::main),
            new Demo("echo",
                    "an echo server and 50 connections x 1,000 round trips on one loop: round trips per second",
                    Echo::main),
            new Demo("crawl",
                    "a crawler awaiting HttpClient.sendAsync fetches a small local site to depth 2, concurrently",
                    Crawl::main));

    private Demos() {
        throw new AssertionError("no instances");
    }

    /**
     * Runs the demo named by {@code args[0]}, or lists the demos when there is no argument.
     *
     * @param args the command line; never null
     */
    public static void main(final String[] args) {
        int status = dispatch(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The chooser without {@code System.exit}, so tests can call it.
     *
     * @param args the command line; never null
     * @param out  where the listing goes; never null
     * @param err  where the usage goes on a bad name or bad arguments; never null
     * @return the exit status: 0, or {@link #USAGE} for an unknown demo or bad arguments to a demo
     */
    static int dispatch(final String[] args, final PrintStream out, final PrintStream err) {
        if (args.length == 0) {
            list(out);
            return 0;
        }
        for (Demo demo : ALL) {
            if (demo.name().equals(args[0])) {
                try {
                    demo.main().accept(Arrays.copyOfRange(args, 1, args.length));
                } catch (Args.UsageException e) {
                    err.println(demo.name() + ": " + e.getMessage());
                    return USAGE;
                }
                return 0;
            }
        }
        err.println("unknown demo: " + args[0]);
        usage(err);
        return USAGE;
    }

    private static void usage(final PrintStream to) {
        to.println("usage: java -jar weft-examples.jar [DEMO [ARGS...]]");
        list(to);
    }

    private static void list(final PrintStream to) {
        to.println("demos:");
        int width = ALL.stream().mapToInt(d -> d.name().length()).max().orElse(0);
        for (Demo demo : ALL) {
            to.printf("  %-" + width + "s  %s%n", demo.name(), demo.description());
        }
    }
}
