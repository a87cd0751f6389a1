package dev.weft.lincheck;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.Options;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.jetbrains.kotlinx.lincheck.verifier.Verifier;
import org.jetbrains.kotlinx.lincheck.verifier.linearizability.LinearizabilityVerifier;

/**
 * How the Lincheck tests run (TEST-PLAN #17): random scenarios of 3 threads, by model checking (Lincheck runs the
 * operations under its own scheduler and explores their interleavings at every shared read and write) and by stress
 * (real threads). Short form: {@value #ITERATIONS} scenarios per strategy of 3 threads x 2 operations (plus one
 * before and one after), {@value #INVOCATIONS} invocations each; {@code -Dweft.long=true}: {@value #LONG_ITERATIONS}
 * scenarios of 3 threads x 3 operations (plus two before and two after), {@value #LONG_INVOCATIONS} invocations each.
 * Lincheck prints the scenario and interleaving of any non-linearizable outcome, and throws.
 */
public final class Lincheck {

  /** True for the long form. */
  public static final boolean LONG = Boolean.getBoolean("weft.long");

  static final int ITERATIONS = 20;
  static final int INVOCATIONS = 500;
  static final int LONG_ITERATIONS = 30;
  static final int LONG_INVOCATIONS = 3_000;

  private static final int SCENARIOS = LONG ? LONG_ITERATIONS : ITERATIONS;
  private static final int PER_SCENARIO = LONG ? LONG_INVOCATIONS : INVOCATIONS;
  private static final int OPERATIONS = LONG ? 3 : 2;
  private static final int AROUND = LONG ? 2 : 1;

  private Lincheck() {
  }

  /**
   * Model-checks {@code test} against {@code spec}.
   *
   * @param test the test class (its operations run against the real runtime)
   * @param spec the sequential specification (same operations)
   */
  public static void modelCheck(final Class<?> test, final Class<?> spec) {
    modelCheck(test, spec, LinearizabilityVerifier.class);
  }

  /**
   * As {@link #modelCheck(Class, Class)}, with another verifier (quiescent consistency, say).
   *
   * @param test the test class
   * @param spec the sequential specification
   * @param verifier the verifier class
   */
  public static void modelCheck(final Class<?> test, final Class<?> spec, final Class<? extends Verifier> verifier) {
    ModelCheckingOptions options = scenarios(new ModelCheckingOptions().invocationsPerIteration(PER_SCENARIO), spec,
        verifier);
    report("model checking", test, verifier, () -> LinChecker.check(test, options));
  }

  /**
   * Stress-tests {@code test} against {@code spec} on real threads.
   *
   * @param test the test class
   * @param spec the sequential specification
   */
  public static void stress(final Class<?> test, final Class<?> spec) {
    stress(test, spec, LinearizabilityVerifier.class);
  }

  /**
   * As {@link #stress(Class, Class)}, with another verifier.
   *
   * @param test the test class
   * @param spec the sequential specification
   * @param verifier the verifier class
   */
  public static void stress(final Class<?> test, final Class<?> spec, final Class<? extends Verifier> verifier) {
    StressOptions options = scenarios(new StressOptions().invocationsPerIteration(PER_SCENARIO), spec, verifier);
    report("stress", test, verifier, () -> LinChecker.check(test, options));
  }

  /** The scenario shape both strategies share (the invocation count is set per strategy: no common setter). */
  private static <O extends Options<O, ?>> O scenarios(final O options, final Class<?> spec,
      final Class<? extends Verifier> verifier) {
    return options
        .verifier(verifier)
        .iterations(SCENARIOS)
        .threads(3)
        .actorsPerThread(OPERATIONS)
        .actorsBefore(AROUND)
        .actorsAfter(AROUND)
        .sequentialSpecification(spec);
  }

  private static void report(final String strategy, final Class<?> test, final Class<?> verifier,
      final Runnable check) {
    long started = System.nanoTime();
    check.run();
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("Lincheck %s, %s: %d scenarios x up to %,d invocations, 3 threads x %d operations (+%d before,"
        + " +%d after): %s (%,d ms)%n", test.getSimpleName(), strategy, SCENARIOS, PER_SCENARIO, OPERATIONS,
        AROUND, AROUND,
        verifier == LinearizabilityVerifier.class ? "linearizable" : "passed " + verifier.getSimpleName(),
        millis);
  }
}
