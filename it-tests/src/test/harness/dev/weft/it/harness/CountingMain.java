package dev.weft.it.harness;

import dev.weft.WeftStats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Launcher for the end-to-end child JVMs: runs {@code args[0]}'s {@code main} with the remaining
 * arguments, then prints {@code weft.suspensions=N} (real suspensions during the run) on standard error,
 * leaving standard output to the program alone.
 *
 * <p>Source only: the harness in it-tests compiles it next to the sample program. It references no
 * {@code @Async} and no {@code await}, so every transformation path must leave it byte-identical.
 */
public final class CountingMain {

    private CountingMain() {
    }

    public static void main(final String[] args) throws Throwable {
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        long before = WeftStats.suspensions();
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        System.out.flush();
        System.err.println("weft.suspensions=" + (WeftStats.suspensions() - before));
    }
}
