package dev.weft.it.basic;

import static dev.weft.Weft.*;

import dev.weft.Async;
import dev.weft.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The end-to-end sample: awaits in loops, if/else, try/catch/finally and expressions, locals of every
 * primitive type alive across suspensions, static and instance {@code @Async} methods, awaits that
 * really suspend (timers, another thread) beside awaits of values that are already complete.
 *
 * <p>It is built three ways (weft-maven-plugin, -javaagent, the command line) and its output is compared
 * with its synchronous twin: the same source with {@code import static dev.weft.Weft.*} replaced by a
 * blocking stand-in ({@code src/twin/java}). So this file keeps two rules: it uses Weft only through that
 * static import (plus the {@code Async} and {@code Task} types), and everything it prints comes from the
 * main flow in a fixed order, whatever the interleaving of tasks.
 */
public final class BasicProgram {

    /** Instance state, read and written across suspensions by {@link #label}. */
    private final String name;
    private int calls;

    BasicProgram(final String name) {
        this.name = name;
    }

    /** Really suspends (a 1 ms timer), then yields {@code value}. */
    @Async
    static Task<Integer> later(final int value) {
        await(sleep(1));
        return done(value);
    }

    /** Really suspends for exactly one turn of the loop, then yields {@code value}. */
    @Async
    static Task<Long> yielding(final long value) {
        await(sleep(0));
        return done(value);
    }

    /** Already complete: awaiting it does not suspend. */
    static Task<Integer> now(final int value) {
        return done(value);
    }

    /** Suspends, then fails with an {@link IllegalArgumentException}. */
    @Async
    static Task<Integer> failLater(final String message) {
        await(sleep(0));
        if (message != null) {
            throw new IllegalArgumentException(message);
        }
        return done(0);
    }

    /** Awaits in for, while and do-while loops. */
    @Async
    static Task<Long> loops(final int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            int v = await(later(i));
            sum += (long) v * v;
        }
        int j = 0;
        while (j < n) {
            sum += await(now(j)) * 10L;
            j++;
        }
        int k = 3;
        do {
            sum += await(yielding(k));
            k--;
        } while (k > 0);
        return done(sum);
    }

    /** Awaits in conditions and in both branches of if/else. */
    @Async
    static Task<String> branches(final int n) {
        String kind;
        if (await(later(n)) % 2 == 0) {
            kind = "even:" + await(now(n / 2));
        } else if (n < 0) {
            kind = "negative";
        } else {
            kind = "odd:" + await(later(n * 3));
        }
        return done(kind);
    }

    /** Values on the operand stack survive the suspension. */
    @Async
    static Task<String> expressions(final int x) {
        int arithmetic = x + await(later(3)) * await(now(4));
        int argument = Math.max(await(later(5)), await(now(2))) - Math.min(await(now(9)), await(later(8)));
        String concat = "v=" + await(later(7)) + "/" + await(now(11)) + "/" + x;
        long mixed = x * 1000L + (await(yielding(6)) + await(later(1))) * 2;
        return done(arithmetic + " " + argument + " " + concat + " " + mixed);
    }

    /** Locals of every primitive type, alive across real suspensions. */
    @Async
    static Task<String> primitives() {
        boolean z = true;
        byte b = 7;
        short s = 300;
        char c = 'q';
        int i = 40_000;
        long l = 1L << 40;
        float f = 1.5f;
        double d = 3.25;
        await(sleep(1));
        b += await(later(1));
        s *= 2;
        c++;
        i += await(now(2));
        l += await(later(3));
        f *= await(later(2));
        d /= await(yielding(2));
        z = !z;
        return done(z + "," + b + "," + s + "," + c + "," + i + "," + l + "," + f + "," + d);
    }

    /** Awaits in try, catch and finally; a failed await rethrows the original exception. */
    @Async
    static Task<String> tryCatchFinally(final StringBuilder log) {
        try {
            log.append("try;");
            await(later(1));
            try {
                await(failLater("boom"));
                log.append("unreached;");
            } catch (IllegalArgumentException e) {
                log.append("caught ").append(e.getMessage()).append(';');
                log.append("after ").append(await(later(2))).append(';');
            } finally {
                log.append("inner finally ").append(await(yielding(3))).append(';');
            }
            return done(log.append("return;").toString());
        } finally {
            await(sleep(1));
            log.append("outer finally;");
        }
    }

    /** A failure that passes through a finally block with an await in it. */
    @Async
    static Task<Integer> failThroughFinally(final StringBuilder log) {
        try {
            return done(await(failLater("deep")) + 1);
        } finally {
            log.append("cleanup ").append(await(later(4))).append(';');
        }
    }

    /** Many awaits in one loop: mostly complete values, one in a hundred a real suspension. */
    @Async
    static Task<Long> many(final int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += i % 100 == 0 ? await(yielding(i)) : await(now(i % 7));
        }
        return done(acc);
    }

    /** A value computed on another thread, awaited as a CompletionStage. */
    @Async
    static Task<Integer> fromAnotherThread(final int x) {
        CompletableFuture<Integer> elsewhere = CompletableFuture.supplyAsync(() -> x * x);
        int square = await(elsewhere);
        return done(square + await(later(1)));
    }

    /** spawn and gather: results in argument order, whatever order they finish in. */
    @Async
    static Task<List<Integer>> fanOut() {
        Task<Integer> spawned = spawn(() -> later(10));
        List<Integer> all = await(gather(later(1), now(2), spawned, later(4)));
        return done(all);
    }

    /** An instance method: fields and {@code this} survive suspensions. */
    @Async
    Task<String> label(final int times) {
        StringBuilder sb = new StringBuilder(name).append(':');
        for (int k = 0; k < times; k++) {
            calls++;
            sb.append(await(k % 2 == 0 ? later(k) : now(k * 10))).append(k + 1 < times ? "," : "");
        }
        return done(sb.append(" calls=").append(calls).toString());
    }

    /** The program: every piece above, printed from the main flow in a fixed order. */
    @Async
    static Task<Void> main0() {
        System.out.println("loops: " + await(loops(5)));
        for (int n = -1; n <= 4; n++) {
            System.out.println("branches(" + n + "): " + await(branches(n)));
        }
        System.out.println("expressions: " + await(expressions(2)));
        System.out.println("primitives: " + await(primitives()));

        StringBuilder log = new StringBuilder();
        String returned = await(tryCatchFinally(log));
        System.out.println("try returned: " + returned);
        System.out.println("try log: " + log);

        StringBuilder cleanup = new StringBuilder();
        try {
            System.out.println("unreached: " + await(failThroughFinally(cleanup)));
        } catch (IllegalArgumentException e) {
            System.out.println("failed with " + e.getMessage() + " after " + cleanup);
        }

        System.out.println("many: " + await(many(10_000)));
        System.out.println("another thread: " + await(fromAnotherThread(6)));
        System.out.println("fan out: " + await(fanOut()));

        BasicProgram program = new BasicProgram("weft");
        System.out.println("label: " + await(program.label(4)));
        System.out.println("label again: " + await(program.label(1)));
        return done();
    }

    /**
     * Runs the program on an event loop on the main thread.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        run(BasicProgram::main0);
        System.out.println("end");
    }
}
