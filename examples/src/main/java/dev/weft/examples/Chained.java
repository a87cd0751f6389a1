package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Real Python's {@code chained.py}: each chain awaits part one, then part two with part one's result. The
 * parts of one chain run in order; the chains run side by side.
 *
 * <pre>
 * $ java -jar weft-examples.jar chained            # chains 1 2 3; or: chained 9 6 3 --seed 1 --scale 0.05
 * part1(1) sleeping for 0.10 seconds.
 * part1(2) sleeping for 1.00 seconds.
 * part1(3) sleeping for 0.30 seconds.
 * Returning part1(1) == result1-1.
 * part2(1, 'result1-1') sleeping for 1.00 seconds.
 * ...
 * Returning part2(2, 'result2-1') == result2-2 derived from result2-1.
 * --&gt;Chained result2 =&gt; result2-2 derived from result2-1 (took 1.61 seconds).
 * Program finished in 1.62 seconds (longest chain 1.61 s, sum of the chains 3.86 s).
 * </pre>
 *
 * <p>Each part sleeps a random 0 to 10 seconds, times a scale (default 0.1, so 0 to 1 s). The program takes as
 * long as its longest chain, not the sum of them: while one chain sleeps, the loop runs the others. Thread rule:
 * {@link #execute} runs an event loop on the calling thread.
 */
public final class Chained {

    private static final String USAGE = "chained [N...] [--seed SEED] [--scale FACTOR]";

    /** Where the demo prints. */
    private final PrintStream out;

    /** The seed of the sleeps; chain {@code n} draws from its own generator, seeded {@code seed + n}. */
    private final long seed;

    /** Real seconds per story second. */
    private final double scale;

    private Chained(final PrintStream out, final long seed, final double scale) {
        this.out = out;
        this.seed = seed;
        this.scale = scale;
    }

    /**
     * Part one of chain {@code n}: a random sleep, then a result.
     *
     * @param n      the chain's number
     * @param random the chain's generator
     * @return the task of {@code "result<n>-1"}
     */
    @Async
    Task<String> part1(final int n, final Random random) {
        double seconds = random.nextInt(11) * scale;
        out.printf(Locale.ROOT, "part1(%d) sleeping for %.2f seconds.%n", n, seconds);
        await(sleep(Duration.ofNanos(Math.round(seconds * 1e9))));
        String result = "result" + n + "-1";
        out.printf(Locale.ROOT, "Returning part1(%d) == %s.%n", n, result);
        return done(result);
    }

    /**
     * Part two of chain {@code n}: a random sleep, then a result derived from part one's.
     *
     * @param n      the chain's number
     * @param arg    part one's result
     * @param random the chain's generator
     * @return the task of {@code "result<n>-2 derived from <arg>"}
     */
    @Async
    Task<String> part2(final int n, final String arg, final Random random) {
        double seconds = random.nextInt(11) * scale;
        out.printf(Locale.ROOT, "part2(%d, '%s') sleeping for %.2f seconds.%n", n, arg, seconds);
        await(sleep(Duration.ofNanos(Math.round(seconds * 1e9))));
        String result = "result" + n + "-2 derived from " + arg;
        out.printf(Locale.ROOT, "Returning part2(%d, '%s') == %s.%n", n, arg, result);
        return done(result);
    }

    /**
     * One chain: part one, then part two with part one's result.
     *
     * @param n the chain's number
     * @return the task of the chain's duration in seconds
     */
    @Async
    Task<Double> chain(final int n) {
        long start = System.nanoTime();
        Random random = new Random(seed + n); // its own: the same seed gives the same sleeps, whatever the timing
        String p1 = await(part1(n, random));
        String p2 = await(part2(n, p1, random));
        double took = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "-->Chained result%d => %s (took %.2f seconds).%n", n, p2, took);
        return done(took);
    }

    /**
     * Runs the demo: one chain per number, all at once, then the total time.
     *
     * @param args the chain numbers (default 1 2 3), {@code --seed} (444), {@code --scale} (0.1); not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        long seed = a.longOption("--seed", 444);
        double scale = a.positiveOption("--scale", 0.1);
        List<Integer> ns = new ArrayList<>();
        for (String n : a.positionals()) {
            ns.add(a.parseInt("N", n, 0));
        }
        if (ns.isEmpty()) {
            ns = List.of(1, 2, 3);
        }
        Chained demo = new Chained(out, seed, scale);
        List<Integer> chains = ns;

        long start = System.nanoTime();
        List<Double> durations = Weft.run(() -> gather(chains.stream().map(demo::chain).toList()));
        double total = (System.nanoTime() - start) / 1e9;

        double longest = durations.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double sum = durations.stream().mapToDouble(Double::doubleValue).sum();
        out.printf(Locale.ROOT, "Program finished in %.2f seconds (longest chain %.2f s, sum of the chains %.2f s).%n",
                total, longest, sum);
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
