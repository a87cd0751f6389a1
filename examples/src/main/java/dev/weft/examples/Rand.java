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
import java.util.List;
import java.util.Random;

/**
 * Real Python's {@code rand.py}: three tasks each draw random numbers from 0 to 10 until one beats their
 * threshold (9, 8 and 7), sleeping 1, 2 and 3 seconds (times a scale, default 0.1) between draws.
 *
 * <pre>
 * $ java -jar weft-examples.jar rand                # or: rand --seed 7 --scale 0.05 --color
 * Initiated makerandom(0).
 * makerandom(0) == 9 too low; retrying.
 * Initiated makerandom(1).
 * makerandom(1) == 3 too low; retrying.
 * Initiated makerandom(2).
 * makerandom(2) == 0 too low; retrying.
 * makerandom(0) == 2 too low; retrying.
 * ...
 * ---&gt; Finished: makerandom(2) == 8
 *
 * r1: 10, r2: 10, r3: 8
 * </pre>
 *
 * <p>The lines of the three tasks interleave: each sleep lets the others draw. Each task has its own
 * generator, seeded from {@code --seed}, so a seed gives the same numbers whatever the interleaving.
 * {@code --color} prints each task in its own ANSI color, as the original does. Thread rule: {@link #execute}
 * runs an event loop on the calling thread.
 */
public final class Rand {

    private static final String USAGE = "rand [--seed SEED] [--scale FACTOR] [--color]";

    /** The original's colors: reset, then one per task (cyan, red, magenta). */
    private static final String[] ANSI = {"\033[0m", "\033[36m", "\033[91m", "\033[35m"};

    /**
     * The default seed: one that shows a few retries in each task (the original's 444 means nothing to
     * {@code java.util.Random}).
     */
    static final long DEFAULT_SEED = 36;

    /** Where the demo prints. */
    private final PrintStream out;

    /** The seed of task 0; task {@code i} uses {@code seed + i}. */
    private final long seed;

    /** Real seconds per story second. */
    private final double scale;

    /** Whether to print ANSI colors. */
    private final boolean color;

    private Rand(final PrintStream out, final long seed, final double scale, final boolean color) {
        this.out = out;
        this.seed = seed;
        this.scale = scale;
        this.color = color;
    }

    /**
     * Draws numbers from 0 to 10 until one is above {@code threshold}, sleeping {@code idx + 1} story seconds
     * after each miss.
     *
     * @param idx       the task's number, 0 to 2
     * @param threshold the number to beat
     * @return the task of the winning number
     */
    @Async
    Task<Integer> makeRandom(final int idx, final int threshold) {
        Random random = new Random(seed + idx);
        print(idx, "Initiated makerandom(" + idx + ").");
        int i = random.nextInt(11);
        while (i <= threshold) {
            print(idx, "makerandom(" + idx + ") == " + i + " too low; retrying.");
            await(sleep(Duration.ofNanos(Math.round((idx + 1) * scale * 1e9))));
            i = random.nextInt(11);
        }
        print(idx, "---> Finished: makerandom(" + idx + ") == " + i);
        return done(i);
    }

    private void print(final int idx, final String line) {
        out.println(color ? ANSI[idx + 1] + line + ANSI[0] : line);
    }

    /**
     * Runs the demo: the three tasks at once, then their results.
     *
     * @param args {@code --seed} ({@value #DEFAULT_SEED}), {@code --scale} (0.1), {@code --color}; not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        long seed = a.longOption("--seed", DEFAULT_SEED);
        double scale = a.positiveOption("--scale", 0.1);
        boolean color = a.flag("--color");
        if (!a.positionals().isEmpty()) {
            throw a.fail("no positional arguments expected: " + a.positionals());
        }
        Rand demo = new Rand(out, seed, scale, color);

        // Thresholds as in the original: 10 - i - 1, so 9, 8 and 7.
        List<Integer> r = Weft.run(() -> gather(demo.makeRandom(0, 9), demo.makeRandom(1, 8), demo.makeRandom(2, 7)));

        out.println();
        out.println("r1: " + r.get(0) + ", r2: " + r.get(1) + ", r3: " + r.get(2));
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
