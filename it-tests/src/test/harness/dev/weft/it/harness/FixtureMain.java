package dev.weft.it.harness;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.WeftStats;
import dev.weft.fixtures.Fx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Launcher for one coverage fixture in an end-to-end child JVM: {@code FixtureMain <Name> IMMEDIATE|DELAYED} sets
 * {@code Fx.mode}, runs {@code fixtures.<Name>.run()} under {@link Weft#run}, prints its result (or
 * {@code threw <exception>}, as the transformer's own fixture runner does) on standard output and
 * {@code weft.suspensions=N} (real suspensions during the run) on standard error.
 *
 * <p>Source only: it-tests compiles it beside each fixture and {@code Fx}. It references no {@code @Async} and no
 * {@code await}, so every transformation path leaves it as it is.
 */
public final class FixtureMain {

    private FixtureMain() {
    }

    public static void main(final String[] args) throws Exception {
        Fx.mode = Fx.Mode.valueOf(args[1]);
        Method run = Class.forName("fixtures." + args[0]).getMethod("run");
        WeftStats.reset();
        String result;
        try {
            result = String.valueOf(Weft.run(() -> invoke(run)));
        } catch (RuntimeException | Error e) {
            result = "threw " + e;
        }
        long suspensions = WeftStats.suspensions();
        System.out.println(result);
        System.out.flush();
        System.err.println("weft.suspensions=" + suspensions);
    }

    @SuppressWarnings("unchecked")
    private static Task<Object> invoke(final Method run) {
        try {
            return (Task<Object>) run.invoke(null);
        } catch (InvocationTargetException e) {
            // An @Async method never throws (its failures fail its task): this is a transformation gone wrong.
            throw new AssertionError("fixture run() threw instead of failing its task", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
