package dev.weft.it.twin;

import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The blocking stand-in for {@code dev.weft.Weft} that turns a Weft program into its synchronous twin.
 *
 * <p>The twin is the program's own source with {@code import static dev.weft.Weft.*;} replaced by
 * {@code import static dev.weft.it.twin.Blocking.*;}, compiled without any transformation. Its
 * {@code @Async} methods are then ordinary methods that run to the end when called, so every task they
 * return is already complete; {@code await} only reads it, {@code sleep} blocks the thread, {@code spawn}
 * runs the body at once. The only parts of Weft the twin uses are {@link Weft#done} and {@link Task}'s
 * accessors on completed tasks, which need no loop and no transformation. Thread rule: any thread.
 *
 * <p>Source only: the end-to-end harnesses compile this file together with the rewritten program
 * (maven's build never sees it).
 */
public final class Blocking {

    private Blocking() {
        throw new AssertionError("no instances");
    }

    /** The value of a task, waiting for it if needed; a failure rethrows the original exception. */
    public static <T> T await(final Task<T> task) {
        return task.join();
    }

    /** The value of a stage, waiting for it; a failure rethrows the original exception. */
    public static <T> T await(final CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw Blocking.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting", e);
        }
    }

    /** A completed task. */
    public static <T> Task<T> done(final T value) {
        return Weft.done(value);
    }

    /** A completed {@code Task<Void>}. */
    public static Task<Void> done() {
        return Weft.done();
    }

    /** Blocks the thread for the delay, then returns a completed task. */
    public static Task<Void> sleep(final long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
        }
        return done();
    }

    /** Blocks the thread for the delay, then returns a completed task. */
    public static Task<Void> sleep(final Duration delay) {
        return sleep(delay.toMillis());
    }

    /** Runs the body at once. */
    public static <T> Task<T> spawn(final Supplier<? extends Task<T>> body) {
        return body.get();
    }

    /** The results in argument order. */
    @SafeVarargs
    public static <T> Task<List<T>> gather(final Task<? extends T>... tasks) {
        return gather(Arrays.asList(tasks));
    }

    /** The results in list order. */
    public static <T> Task<List<T>> gather(final List<? extends Task<? extends T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<? extends T> task : tasks) {
            results.add(task.join());
        }
        return done(results);
    }

    /** Calls the main body and returns its value. */
    public static <T> T run(final Supplier<? extends Task<T>> main) {
        return await(main.get());
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(final Throwable t) throws X {
        throw (X) t;
    }
}
