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
import java.util.Locale;

/**
 * asyncio's first tutorial program, {@code countasync.py}, in Java: three tasks each print "One", sleep
 * one second and print "Two".
 *
 * <pre>
 * One
 * One
 * One
 * Two
 * Two
 * Two
 * countasync executed in 1.00 seconds.
 * </pre>
 *
 * <p>All three "One" lines come before any "Two": while one task sleeps, the event loop runs the others,
 * so the whole run takes about one second, not three (compare {@link CountSync}). The {@code @Async}
 * methods are rewritten into state machines when this module is built (weft-maven-plugin, goal
 * {@code transform}). Thread rule: {@link #execute} runs an event loop on the calling thread.
 */
public final class CountAsync {

    private CountAsync() {
        throw new AssertionError("no instances");
    }

    /**
     * Prints "One", sleeps one second without blocking the thread, prints "Two".
     *
     * @param out where to print; never null
     * @return the task of this call, done after the second line
     */
    @Async
    static Task<Void> count(final PrintStream out) {
        out.println("One");
        await(sleep(Duration.ofSeconds(1)));
        out.println("Two");
        return done();
    }

    /**
     * Starts three counts and waits for all of them.
     *
     * @param out where the counts print; never null
     * @return the task, done when the three counts are
     */
    @Async
    static Task<Void> main0(final PrintStream out) {
        await(gather(count(out), count(out), count(out)));
        return done();
    }

    /**
     * Runs the demo on a new event loop on this thread, then prints the elapsed time.
     *
     * @param out where the demo prints; never null
     * @return the elapsed time of the run
     */
    public static Duration execute(final PrintStream out) {
        long start = System.nanoTime();
        Weft.run(() -> main0(out));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "countasync executed in %.2f seconds.%n", elapsed.toNanos() / 1e9);
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
