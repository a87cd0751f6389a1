package dev.weft.jcstress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Runs this module's jcstress tests (TEST-PLAN #18) and turns the verdict into an exit code, so that the build fails
 * on it: {@code mvn verify} runs it in the integration-test phase (exec-maven-plugin, working directory
 * {@code target/jcstress}, where the HTML report lands in {@code results/}).
 *
 * <pre>
 *   java -cp ... dev.weft.jcstress.JcstressRun quick     # the normal build: jcstress's "quick" preset
 *   java -cp ... dev.weft.jcstress.JcstressRun tough     # -Dweft.long=true
 * </pre>
 *
 * <p>jcstress itself ends a run with an {@code AssertionError} when a test saw a FORBIDDEN outcome, errored, timed
 * out or crashed its VM; it exits 0 when no test matched at all. So this runner also reads the result file back and
 * fails unless every test of this package ran, produced samples, and passed its grading. It prints one line per test
 * and outcome with the sample counts, the figures quoted in docs/reliability.md.
 *
 * <p>Settings: the preset (first argument), {@code -c 2} (at most the machine's CPUs), the tests of this package
 * ({@code -Dweft.jcstress.tests=Timer.*|Spawn.*} narrows them); {@code -Dweft.jcstress.args="..."} appends jcstress
 * options.
 */
public final class JcstressRun {

  private static final String PACKAGE = JcstressRun.class.getPackageName();

  /** The tests to run: this package's, narrowed by {@code -Dweft.jcstress.tests=<regexp of simple names>}. */
  private static final Pattern FILTER = Pattern.compile(
      "^" + Pattern.quote(PACKAGE + ".") + "(" + System.getProperty("weft.jcstress.tests", ".*") + ")$");

  /** The worker JVMs' flags: C2 with its scheduling and optimisation randomisers (jcstress's "stress" set). */
  private static final String STRESS_JVM_ARGS =
      "-XX:+UnlockDiagnosticVMOptions -XX:+StressLCM -XX:+StressGCM -XX:+StressIGVN -XX:+StressCCP";

  private JcstressRun() {
  }

  /**
   * @param args the jcstress preset ({@code sanity}, {@code quick}, {@code default}, {@code tough}, {@code stress})
   * @throws Exception when jcstress cannot run at all
   */
  public static void main(final String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "quick";
    List<String> jcstressArgs = new ArrayList<>(List.of(
        "-m", mode,
        "-c", String.valueOf(Math.min(2, Runtime.getRuntime().availableProcessors())),
        "-t", FILTER.pattern(),
        "-r", "results"));
    String jvmArgs = System.getProperty("weft.jcstress.jvmArgs", STRESS_JVM_ARGS).trim();
    if (!jvmArgs.isEmpty()) {
      // One JVM configuration, actors compiled together: jcstress's full matrix (interpreter, C1, C2, each actor
      // compiled apart) multiplies the run time by about 70; -Dweft.jcstress.jvmArgs= (empty) restores it.
      jcstressArgs.addAll(List.of("-jvmArgs", jvmArgs, "-sc", "false"));
    }
    String extra = System.getProperty("weft.jcstress.args", "").trim();
    if (!extra.isEmpty()) {
      jcstressArgs.addAll(List.of(extra.split("\\s+")));
    }
    Options opts = new Options(jcstressArgs.toArray(new String[0]));
    if (!opts.parse()) {
      System.exit(2);
    }
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    try {
      new JCStress(opts).run();
    } catch (AssertionError e) {
      problems.add("jcstress: " + e.getMessage()); // FORBIDDEN outcomes, errors, time-outs (ExceptionReportPrinter)
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    problems.addAll(summarise(opts, mode, seconds));
    if (!problems.isEmpty()) {
      System.out.println();
      System.out.println("JcstressRun: FAILED");
      problems.forEach(p -> System.out.println("  " + p));
      System.exit(1);
    }
    System.out.println("JcstressRun: passed");
    System.exit(0);
  }

  /** Reads the result file back: one line per test and outcome; the problems found. */
  private static List<String> summarise(final Options opts, final String mode, final long seconds)
      throws IOException, ClassNotFoundException {
    InProcessCollector collector = new InProcessCollector();
    DiskReadCollector reader = new DiskReadCollector(opts.getResultFile(), collector);
    reader.dump();
    reader.close();
    SortedMap<String, TestResult> byTest = new TreeMap<>();
    for (TestResult r : ReportUtils.mergedByName(collector.getTestResults())) {
      byTest.put(r.getName(), r);
    }
    List<String> problems = new ArrayList<>();
    long total = 0;
    System.out.println();
    System.out.printf("JcstressRun: mode %s, %d s%n", mode, seconds);
    for (String test : TestList.tests()) {
      if (!FILTER.matcher(test).matches()) {
        continue;
      }
      String shortName = test.substring(PACKAGE.length() + 1);
      TestResult r = byTest.get(test);
      if (r == null || r.getTotalCount() == 0) {
        problems.add(shortName + ": no samples (the test did not run)");
        continue;
      }
      total += r.getTotalCount();
      System.out.printf("  %-40s %,14d samples  %s%n", shortName, r.getTotalCount(), r.status());
      if (r.status() != Status.NORMAL) {
        problems.add(shortName + ": " + r.status() + " " + r.getMessages());
        continue;
      }
      TestGrading grading = r.grading();
      for (GradingResult g : grading.gradingResults.values()) {
        System.out.printf("      %-24s %,14d  %-22s %s%n", "[" + g.id + "]", g.count, g.expect, g.description);
      }
      grading.failureMessages.forEach(m -> problems.add(shortName + ": " + m));
    }
    System.out.printf("  %-40s %,14d samples%n", "total", total);
    return problems;
  }
}
