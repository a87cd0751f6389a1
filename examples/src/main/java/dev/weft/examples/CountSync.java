package dev.weft.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * asyncio's {@code countsync.py}: the synchronous twin of {@link CountAsync}, for contrast. Each call
 * blocks its thread in {@link Thread#sleep}, so the three counts run one after another:
 *
 * <pre>
 * One
 * Two
 * One
 * Two
 * One
 * Two
 * countsync executed in 3.00 seconds.
 * </pre>
 *
 * <p>Thread rule: blocks the calling thread for about three seconds.
 */
public final class CountSync {

    private CountSync() {
        throw new AssertionError("no instances");
    }

    /**
     * Prints "One", blocks one second, prints "Two".
     *
     * @param out where to print; never null
     */
    static void count(final PrintStream out) {
        out.println("One");
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
        }
        out.println("Two");
    }

    /**
     * Runs the three counts in turn, then prints the elapsed time.
     *
     * @param out where the demo prints; never null
     * @return the elapsed time of the run
     */
    public static Duration execute(final PrintStream out) {
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            count(out);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "countsync executed in %.2f seconds.%n", elapsed.toNanos() / 1e9);
        return elapsed;
    }

    /**
     * Runs the demo, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        execute(System.out);
    }
}
