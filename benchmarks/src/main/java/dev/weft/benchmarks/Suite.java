package dev.weft.benchmarks;

import dev.weft.benchmarks.Report.Row;
import dev.weft.benchmarks.Report.Table;
import dev.weft.benchmarks.Report.Target;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole benchmark suite, one command: runs every workload for every contender and writes
 * {@code docs/benchmarks.md} and {@code docs/benchmarks/*.png}.
 *
 * <pre>
 * mvn -q -B -DskipTests install &amp;&amp; java -jar benchmarks/target/weft-benchmarks-VERSION.jar [options]
 *   --quick          a few seconds per workload, tiny sizes (the CI smoke test)
 *   --out DIR        where benchmarks.md and benchmarks/ go (default: ROOT/docs)
 *   --root DIR       the repository (default: found from the jar's place, else the working directory)
 *   --only a,b       only these workloads: completed-await, ping-pong, spawn-sleep, park, echo, transform, profile
 * </pre>
 *
 * <p>Contenders: Weft (default configuration) and CompletableFuture on the suite's JDK; virtual threads on JDK 25
 * ({@code -Dweft.jdk25}, {@code WEFT_JDK25}, or {@code /usr/lib/jvm/temurin-25-jdk-amd64}; marked absent with a
 * message when missing) with one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1}), as Weft
 * runs on one loop thread; Netty 4.1 with one event loop for echo. Exit status 0 when every workload ran, 1
 * otherwise (the report is written either way, failures noted in it).
 */
public final class Suite {

  /** One carrier thread for virtual threads: the same single thread Weft's loop has. */
  static final String VT_ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

  private final boolean quick;
  private final Path root;
  private final Path out;
  private final Set<String> only;
  private final String java = Jvm.current();
  private final String jdk25 = Jvm.jdk25();
  private final List<Table> tables = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private final StringBuilder profiles = new StringBuilder();
  private final List<String> failures = new ArrayList<>();

  private Suite(final boolean quick, final Path root, final Path out, final Set<String> only) {
    this.quick = quick;
    this.root = root;
    this.out = out;
    this.only = only;
  }

  public static void main(final String[] args) throws Exception {
    System.exit(run(args));
  }

  /** Runs the suite; returns the exit status (0: every workload ran). */
  public static int run(final String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    boolean quick = false;
    Path root = null;
    Path out = null;
    Set<String> only = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        case "--root":
          root = Paths.get(args[++i]);
          break;
        case "--only":
          only.addAll(Arrays.asList(args[++i].split(",")));
          break;
        default:
          System.err.println("unknown argument: " + args[i]
              + " (expected: --quick, --out DIR, --root DIR, --only a,b)");
          return 2;
      }
    }
    if (root == null) {
      root = findRoot();
    }
    if (out == null) {
      out = root.resolve("docs");
    }
    Suite s = new Suite(quick, root.toAbsolutePath().normalize(), out.toAbsolutePath().normalize(), only);
    return s.runAll();
  }

  /** The repository: two levels above {@code benchmarks/target/weft-benchmarks.jar}, else near the working dir. */
  private static Path findRoot() {
    try {
      Path self = Paths.get(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = self; p != null; p = p.getParent()) {
        if (Files.isDirectory(p.resolve("benchmarks")) && Files.isRegularFile(p.resolve("pom.xml"))) {
          return p;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall back to the working directory
    }
    Path cwd = Paths.get("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("benchmarks")) ? cwd : cwd.getParent();
  }

  private boolean wanted(final String workload) {
    return only.isEmpty() || only.contains(workload);
  }

  private int runAll() throws IOException {
    long started = System.nanoTime();
    String loadBefore = loadAverage();
    System.err.println("Weft benchmark suite" + (quick ? " (quick)" : "") + "; report: " + out.resolve("benchmarks.md"));
    if (jdk25 == null) {
      System.err.println("JDK 25 not found (set -Dweft.jdk25 or WEFT_JDK25): the virtual-thread contenders are"
          + " marked absent.");
    }
    step("completed-await", this::completedAwait);
    step("ping-pong", this::pingPong);
    step("spawn-sleep", this::spawnSleep);
    step("park", this::park);
    step("echo", this::echo);
    step("transform", this::transform);
    step("profile", this::profile);
    String findings = resource("findings.md");
    double minutes = (System.nanoTime() - started) / 60e9;
    Report.write(out, header(loadBefore, loadAverage(), minutes), tables, targets, profiles.toString(), findings);
    System.err.printf("wrote %s (%.1f min)%n", out.resolve("benchmarks.md"), minutes);
    for (String f : failures) {
      System.err.println("FAILED: " + f);
    }
    return failures.isEmpty() ? 0 : 1;
  }

  /** A workload body that may throw anything. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private void step(final String name, final Step body) {
    if (!wanted(name)) {
      return;
    }
    System.err.println("== " + name);
    long t0 = System.nanoTime();
    try {
      body.run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      failures.add(name + ": " + e);
    }
    System.err.printf("== %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  // ---- JMH -------------------------------------------------------------------------------------------------

  private Collection<RunResult> jmh(final String include, final String jvm, final boolean gc,
      final String... jvmArgs) throws RunnerException {
    ChainedOptionsBuilder b = new OptionsBuilder().include(include).shouldFailOnError(true);
    if (quick) {
      b.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
          .measurementIterations(2).measurementTime(TimeValue.milliseconds(300));
    }
    if (jvm != null) {
      b.jvm(jvm);
    }
    List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    args.addAll(List.of(jvmArgs));
    b.jvmArgsAppend(args.toArray(new String[0]));
    if (gc) {
      b.addProfiler(GCProfiler.class);
    }
    return new Runner(b.build()).run();
  }

  private static RunResult find(final Collection<RunResult> results, final String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r;
      }
    }
    throw new IllegalStateException("no JMH result for " + method);
  }

  private static double median(final RunResult r) {
    return r.getPrimaryResult().getStatistics().getPercentile(50.0);
  }

  private static double allocNorm(final RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue().getStatistics().getPercentile(50.0);
      }
    }
    return Double.NaN;
  }

  private void completedAwait() throws RunnerException {
    Collection<RunResult> rs = jmh("dev\\.weft\\.benchmarks\\.CompletedAwaitBenchmark\\.", null, true);
    Table t = new Table("completed-await", "completed-await: await of an already-completed value", "ns per await",
        true, List.of("bytes allocated per await"));
    String[][] rows = {
        {"completedAwait_weft", "Weft", "**Weft** `await(doneTask)`"},
        {"completedAwait_cf", "CompletableFuture", "CompletableFuture `thenCombine` (completed)"},
        {"completedAwait_join", "join()", "blocking `join()` of a completed CF (the virtual-thread way)"}};
    for (String[] r : rows) {
      RunResult res = find(rs, r[0]);
      t.rows.add(Row.of(r[1], r[2], median(res), Report.fmt(allocNorm(res))));
    }
    RunResult call = find(rs, "completedCall_weft");
    RunResult result = find(rs, "doneResult_weft");
    t.notes.add(String.format(Locale.ROOT, "A whole `@Async` call that awaits a done task and returns `done(1)`"
        + " (`completedCall_weft`): %s ns and %s bytes per call; its result alone, `done(1)` (`doneResult_weft`),"
        + " is %s bytes.", Report.fmt(median(call)), Report.fmt(allocNorm(call)), Report.fmt(allocNorm(result))));
    t.notes.add("JMH " + jmhShape(3, 1, 5, 1) + ", `-prof gc`; " + CompletedAwaitBenchmark.AWAITS
        + " awaits per invocation (`@OperationsPerInvocation`); bytes from `gc.alloc.rate.norm`.");
    tables.add(t);
    double ns = t.weft();
    double bytes = allocNorm(find(rs, "completedAwait_weft"));
    targets.add(new Target("completed-await", "≤ 2 ns, 0 bytes per await",
        Report.fmt(ns) + " ns, " + Report.fmt(bytes) + " B", ns <= 2 && bytes < 0.5));
    double callBytes = allocNorm(call);
    double resultBytes = allocNorm(result);
    targets.add(new Target("@Async call without suspension", "allocates only its result",
        Report.fmt(callBytes) + " B per call; the result is " + Report.fmt(resultBytes) + " B",
        callBytes <= resultBytes + 0.5));
  }

  private String jmhShape(final int wi, final int ws, final int mi, final int ms) {
    return quick ? "1 fork, 1 × 0.3 s warm-up, 2 × 0.3 s measured (quick mode)"
        : "1 fork, " + wi + " × " + ws + " s warm-up, " + mi + " × " + ms + " s measured, median of the iterations";
  }

  private void pingPong() throws RunnerException {
    Table t = new Table("ping-pong", "ping-pong: two tasks, one-slot queues, one thread", "ns per round trip", true,
        List.of("bytes allocated per round trip"));
    Collection<RunResult> rs = jmh("dev\\.weft\\.benchmarks\\.PingPongBenchmark\\.pingPong_(weft|cf)$", null, true);
    RunResult weft = find(rs, "pingPong_weft");
    t.rows.add(Row.of("Weft", "**Weft** `AsyncQueue(1)`", median(weft), Report.fmt(allocNorm(weft))));
    RunResult cf = find(rs, "pingPong_cf");
    t.rows.add(Row.of("CompletableFuture", "CompletableFuture, single-thread executor", median(cf),
        Report.fmt(allocNorm(cf))));
    if (jdk25 != null) {
      RunResult vt = find(jmh("dev\\.weft\\.benchmarks\\.PingPongBenchmark\\.pingPong_vthread$", jdk25, true,
          VT_ONE_CARRIER), "pingPong_vthread");
      t.rows.add(Row.of("virtual threads", "virtual threads `ArrayBlockingQueue(1)` (JDK 25, 1 carrier)", median(vt),
          Report.fmt(allocNorm(vt))));
    } else {
      t.rows.add(Row.absent("virtual threads", "virtual threads (JDK 25)", 1, "no JDK 25"));
    }
    t.notes.add("JMH " + jmhShape(3, 2, 5, 2) + ", `-prof gc`; each invocation is a whole run of "
        + String.format(Locale.ROOT, "%,d", PingPongBenchmark.ROUNDS)
        + " round trips (loop start and close amortised). Reference (issue 6): virtual threads ~650 ns,"
        + " a goroutine pair ~230 ns.");
    tables.add(t);
    targets.add(new Target("ping-pong round trip", "≤ 100 ns", Report.fmt(t.weft()) + " ns", t.weft() <= 100));
  }

  // ---- whole programs --------------------------------------------------------------------------------------

  private static double median(final List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = values.stream().sorted().collect(Collectors.toList());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private void spawnSleep() {
    int tasks = quick ? 2_000 : 100_000;
    int runs = quick ? 1 : 5;
    Table t = new Table("spawn-sleep", "spawn-sleep: " + String.format(Locale.ROOT, "%,d", tasks)
        + " tasks each sleeping 100 ms", "wall ms", true, List.of("peak heap MB"));
    // A fixed heap for every contender, as the JMH workloads have: the System.gc() before each run would otherwise
    // shrink the heap, and each run would then pay for growing it again in young collections.
    List<String> heap = List.of("-Xms2g", "-Xmx2g");
    String[][] cs = {{"weft", "**Weft** `spawn` + `sleep(100)`", "Weft"},
        {"cf", "CompletableFuture `delayedExecutor`, single-thread executor", "CompletableFuture"},
        {"vthread", "virtual threads `Thread.sleep(100)` (JDK 25, 1 carrier)", "virtual threads"}};
    for (String[] c : cs) {
      boolean vt = c[0].equals("vthread");
      if (vt && jdk25 == null) {
        t.rows.add(Row.absent(c[2], c[1], 1, "no JDK 25"));
        continue;
      }
      List<String> args = new ArrayList<>(heap);
      if (vt) {
        args.add(VT_ONE_CARRIER);
      }
      Map<String, List<Double>> r = Jvm.run(Jvm.command(vt ? jdk25 : java, args, SpawnSleepBenchmark.class, c[0],
          Integer.toString(tasks), Integer.toString(runs)));
      t.rows.add(Row.of(c[2], c[1], median(r.get("wall_ms")), Report.fmt(median(r.get("peak_heap_mb")))));
    }
    t.notes.add("One child JVM per contender (`-Xms2g -Xmx2g`: a fixed heap, as for the JMH workloads), " + runs + " run(s) each, medians; wall time from the first"
        + " spawn to the last completion; peak heap in use sampled every 5 ms (garbage included).");
    tables.add(t);
    Double vt = t.rows.get(2).median();
    // Every contender sleeps 100 ms: a third of the virtual threads' time below that is out of anyone's reach.
    String floor = vt != null && vt / 3 < 100 ? "; ⅓ of it is " + Report.fmt(vt / 3) + " ms, below the 100 ms every"
        + " task sleeps, so no program can meet it on this machine; Weft's overhead above the sleep is "
        + Report.fmt(t.weft() - 100) + " ms against " + Report.fmt(vt - 100) + " ms" : "";
    targets.add(new Target("spawn-sleep", "≤ ⅓ of virtual threads' wall time",
        Report.fmt(t.weft()) + " ms vs " + (vt == null ? "–" : Report.fmt(vt)) + " ms" + floor,
        vt == null ? null : t.weft() <= vt / 3));
  }

  private void park() {
    int tasks = quick ? 20_000 : 1_000_000;
    int runs = quick ? 1 : 3;
    Table t = new Table("park", "park-" + (tasks == 1_000_000 ? "1M" : String.format(Locale.ROOT, "%,d", tasks))
        + ": tasks suspended on one shared event", "heap bytes per suspended task", true,
        List.of("RSS growth bytes per task", "release to all done, ms"));
    String[][] cs = {{"weft-call", "**Weft** `@Async` calls awaiting `AsyncEvent.awaitSet()`", "Weft"},
        {"weft", "Weft, each call `spawn`ed (`spawn(() -> waiter(event))`)", "Weft spawn"},
        {"cf", "CompletableFuture `thenApplyAsync` on one event", "CompletableFuture"},
        {"vthread", "virtual threads `CountDownLatch.await()` (JDK 25, 1 carrier)", "virtual threads"}};
    for (String[] c : cs) {
      boolean vt = c[0].equals("vthread");
      if (vt && jdk25 == null) {
        t.rows.add(Row.absent(c[2], c[1], 2, "no JDK 25"));
        continue;
      }
      List<String> args = new ArrayList<>(List.of("-Xmx4g"));
      if (vt) {
        args.add(VT_ONE_CARRIER);
      }
      List<Double> heap = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      List<Double> release = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Map<String, List<Double>> r = Jvm.run(Jvm.command(vt ? jdk25 : java, args, ParkBenchmark.class, c[0],
            Integer.toString(tasks)));
        heap.addAll(r.get("heap_bytes_per_task"));
        rss.addAll(r.get("rss_bytes_per_task"));
        release.addAll(r.get("release_ms"));
      }
      t.rows.add(Row.of(c[2], c[1], median(heap), Report.fmt(median(rss)), Report.fmt(median(release))));
    }
    t.notes.add("One child JVM per run (`-Xmx4g`), " + runs + " run(s) per contender, medians. Heap: in use after"
        + " full collections, parked minus before. RSS: `VmRSS` of `/proc/self/status`, parked minus before"
        + " (young-generation pages touched while parking count too). What the program holds to await the tasks"
        + " (an array of them) counts. Reference (issue 6): virtual threads ~1,040 bytes each and ~13 s to release"
        + " and finish; the best JVM library ~375 bytes per parked task.");
    tables.add(t);
    for (int i = 0; i < 2; i++) {
      Row w = t.rows.get(i);
      String form = i == 0 ? "" : " (spawned)";
      double rssW = Double.parseDouble(w.extras().get(0).replace(",", ""));
      double relW = Double.parseDouble(w.extras().get(1).replace(",", ""));
      targets.add(new Target("park" + form + ": heap per task", "≤ 150 B", Report.fmt(w.median()) + " B",
          w.median() <= 150));
      targets.add(new Target("park" + form + ": RSS growth per task", "≤ 150 B", Report.fmt(rssW) + " B",
          rssW <= 150));
      targets.add(new Target("park" + form + ": release to all done", "< 1 s (1M tasks)", Report.fmt(relW) + " ms"
          + (tasks == 1_000_000 ? "" : " (" + tasks + " tasks)"), relW < 1000));
    }
  }

  private void echo() throws IOException, InterruptedException {
    int conns = quick ? 10 : 100;
    int trips = quick ? 500 : 10_000;
    int rounds = quick ? 1 : 3;
    Table t = new Table("echo", "echo: " + conns + " connections × " + String.format(Locale.ROOT, "%,d", trips)
        + " round trips of 64 bytes, 127.0.0.1", "round trips per second", false,
        List.of("server user CPU µs per round trip", "server system CPU µs per round trip"));
    List<String> heap = List.of("-Xmx1g");
    String[][] cs = {{"weft", "**Weft** `Tcp.startServer`, one loop", "Weft"},
        {"netty", "Netty 4.1, one NIO event loop", "Netty"},
        {"vthread", "virtual thread per connection (JDK 25, 1 carrier)", "virtual threads"}};
    for (String[] c : cs) {
      boolean vt = c[0].equals("vthread");
      if (vt && jdk25 == null) {
        t.rows.add(Row.absent(c[2], c[1], 2, "no JDK 25"));
        continue;
      }
      List<String> args = new ArrayList<>(heap);
      if (vt) {
        args.add(VT_ONE_CARRIER);
      }
      Map<String, List<Double>> r = EchoBenchmark.run(vt ? jdk25 : java, args, c[0], conns, trips, rounds);
      t.rows.add(Row.of(c[2], c[1], median(r.get("rt_per_s")), Report.fmt(median(r.get("user_us_per_rt"))),
          Report.fmt(median(r.get("sys_us_per_rt")))));
    }
    t.notes.add("Server in a JVM of its own (`-Xmx1g`); one client for all (this suite's JVM: one thread, one"
        + " selector, blocking-free writes); a warm-up round of a tenth of the trips (echo checked), then " + rounds
        + " measured round(s), medians. Server CPU from `utime`/`stime` of `/proc/<pid>/stat` over each measured"
        + " round, JIT and GC threads included. On 2 cores the client takes one core, so CPU per round trip is the"
        + " fairer figure. Reference (issue 6): Netty ~143k round trips/s at ~7.1 µs server CPU (~1.9 µs user), a"
        + " bare NIO loop ~157k/s at ~6.0 µs (~0.5 µs user).");
    tables.add(t);
    Row w = t.rows.get(0);
    Row n = t.rows.get(1);
    double userW = Double.parseDouble(w.extras().get(0));
    targets.add(new Target("echo throughput", "≥ Netty (one loop)", Report.fmt(w.median()) + " vs "
        + Report.fmt(n.median()) + " round trips/s", w.median() >= n.median()));
    targets.add(new Target("echo server user CPU", "≤ 1 µs per round trip",
        Report.fmt(userW) + " µs (Netty " + n.extras().get(0) + " µs)", userW <= 1.0));
  }

  private void transform() throws Exception {
    int classes = quick ? 30 : 1_000;
    int runs = quick ? 1 : 5;
    Path work = Files.createTempDirectory("weft-bench-transform");
    try {
      System.err.println("  generating and compiling " + classes + " classes...");
      TransformBenchmark.corpus(work.resolve("src"), work.resolve("classes"), classes);
      int cores = Runtime.getRuntime().availableProcessors();
      List<Double> rates = new ArrayList<>();
      List<Double> parallelRates = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        rates.addAll(Jvm.run(Jvm.command(java, List.of(), TransformBenchmark.class,
            work.resolve("classes").toString(), "1")).get("classes_per_s"));
        parallelRates.addAll(Jvm.run(Jvm.command(java, List.of(), TransformBenchmark.class,
            work.resolve("classes").toString(), Integer.toString(cores))).get("classes_per_s"));
      }
      Table t = new Table("transform", "transform: " + String.format(Locale.ROOT, "%,d", classes)
          + " classes × 5 @Async methods, cold JVM", "classes per second", false, List.of());
      t.rows.add(Row.of("Weft", "**Weft** `AsyncClassTransformer`, one thread", median(rates)));
      t.rows.add(Row.of("Weft, " + cores + " threads", "Weft, " + cores + " threads sharing one transformer (as the"
          + " Maven plugin runs it)", median(parallelRates)));
      t.notes.add(runs + " fresh JVM(s) per row, median; timed from the first `transform` call to the last (class"
          + " files read beforehand; JIT warm-up included: the JVM is cold). Each method has a loop with two awaits,"
          + " a try/catch/finally with a third, and int, long, double and reference locals live across them."
          + " Reference (issue 6): an established Java await-weaver ~1,070 classes/s cold.");
      tables.add(t);
      double best = Math.max(t.rows.get(0).median(), t.rows.get(1).median());
      targets.add(new Target("transform", "≥ 5,000 classes/s cold", Report.fmt(t.weft()) + " classes/s (one thread), "
          + Report.fmt(t.rows.get(1).median()) + " (" + cores + " threads)", best >= 5000));
      agentStartup(work);
    } finally {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void agentStartup(final Path work) throws Exception {
    int runs = quick ? 2 : 21;
    Table t = new Table("agent-startup", "agent start-up: hello-world with and without `-javaagent`",
        "wall ms, process start to exit", true, List.of());
    Path agent = jar(root.resolve("agent/target"), "weft-agent-");
    Path runtime = jar(root.resolve("runtime/target"), "weft-runtime-");
    if (agent == null || runtime == null) {
      String why = "build agent/ and runtime/ first (" + root + ")";
      System.err.println("  agent start-up: absent, " + why);
      t.rows.add(Row.absent("without agent", "hello-world transformed ahead of time", 0, why));
      t.rows.add(Row.absent("with -javaagent", "hello-world under `-javaagent`", 0, why));
      tables.add(t);
      targets.add(new Target("agent start-up", "adds ≤ 70 ms", "absent", null));
      return;
    }
    Path plain = work.resolve("hello-plain");
    Path transformed = work.resolve("hello-transformed");
    TransformBenchmark.hello(work.resolve("hello-src"), plain, transformed);
    String sep = File.pathSeparator;
    List<String> base = List.of(java, "-cp", runtime + sep + transformed, "Hello");
    List<String> withAgent = List.of(java, "-javaagent:" + agent, "-cp", runtime + sep + plain, "Hello");
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    TransformBenchmark.timeRun(base, "hello world"); // page cache, CDS archive
    TransformBenchmark.timeRun(withAgent, "hello world");
    for (int i = 0; i < runs; i++) {
      a.add(TransformBenchmark.timeRun(base, "hello world"));
      b.add(TransformBenchmark.timeRun(withAgent, "hello world"));
    }
    double ma = median(a);
    double mb = median(b);
    System.err.printf("  agent start-up: %.1f ms without, %.1f ms with (%d runs each)%n", ma, mb, runs);
    t.rows.add(Row.of("without agent", "**hello-world transformed ahead of time** (baseline)", ma));
    t.rows.add(Row.of("with -javaagent", "hello-world under `-javaagent:weft-agent.jar`", mb));
    t.notes.add(String.format(Locale.ROOT, "The agent adds **%.1f ms** (median of %d alternating runs each, after one"
        + " unmeasured run of each). The program runs `Weft.run` over an `@Async` method with one real suspension."
        + " Reference (issue 6): an established await-weaver's agent adds ~68 ms.", mb - ma, runs));
    tables.add(t);
    targets.add(new Target("agent start-up", "adds ≤ 70 ms", Report.fmt(mb - ma) + " ms", mb - ma <= 70));
  }

  private static Path jar(final Path dir, final String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix) && n.endsWith(".jar") && !n.contains("sources") && !n.contains("javadoc");
      }).findFirst().orElse(null);
    }
  }

  // ---- profiles --------------------------------------------------------------------------------------------

  private void profile() throws Exception {
    Path work = Files.createTempDirectory("weft-bench-jfr");
    profiles.append("\n## Where the time goes (JFR)\n\n")
        .append("Weft contenders re-run under JFR (`-XX:StartFlightRecording=settings=profile`), separately from the"
            + " measurements above; methods ranked by `jdk.ExecutionSample` (as `jfr print --events"
            + " jdk.ExecutionSample` lists them): self = top frame, total = anywhere on the stack.\n");
    Path pp = work.resolve("ping-pong.jfr");
    Jvm.run(Jvm.command(java, List.of("-XX:StartFlightRecording=filename=" + pp + ",settings=profile,dumponexit=true"),
        PingPongBenchmark.class, quick ? "1" : "10"));
    appendProfile(Profiles.read("ping-pong, Weft (" + (quick ? 1 : 10) + " s)", pp, 12));
    Path ec = work.resolve("echo.jfr");
    EchoBenchmark.run(java, List.of("-Xmx1g", "-XX:StartFlightRecording=filename=" + ec
        + ",settings=profile,dumponexit=true"), "weft", quick ? 10 : 100, quick ? 500 : 5_000, 1);
    appendProfile(Profiles.read("echo server, Weft", ec, 12));
    Path en = work.resolve("echo-netty.jfr");
    EchoBenchmark.run(java, List.of("-Xmx1g", "-XX:StartFlightRecording=filename=" + en
        + ",settings=profile,dumponexit=true"), "netty", quick ? 10 : 100, quick ? 500 : 5_000, 1);
    appendProfile(Profiles.read("echo server, Netty (for comparison)", en, 12));
  }

  private void appendProfile(final Profiles.Profile p) {
    profiles.append("\n### ").append(p.title()).append(" — ").append(p.samples()).append(" samples\n\n");
    profiles.append("| area (self time) | share |\n|---|---:|\n");
    p.byArea().forEach((k, v) -> profiles.append("| ").append(k).append(" | ")
        .append(String.format(Locale.ROOT, "%.1f%%", v)).append(" |\n"));
    profiles.append("\nThreads in native code (`jdk.NativeMethodSample`, mostly system calls; idle waits included): ")
        .append(p.nativeSamples()).append(" samples; top: ");
    for (Profiles.Entry e : p.nativeTop()) {
      profiles.append("`").append(e.method()).append("` ").append(String.format(Locale.ROOT, "%.0f%%", e.percent()))
          .append("; ");
    }
    profiles.append("\n\n| # | self | % | total | % |\n|---:|---|---:|---|---:|\n");
    for (int i = 0; i < Math.max(p.self().size(), p.total().size()); i++) {
      Profiles.Entry s = i < p.self().size() ? p.self().get(i) : null;
      Profiles.Entry t = i < p.total().size() ? p.total().get(i) : null;
      profiles.append("| ").append(i + 1).append(" | ")
          .append(s == null ? "" : "`" + s.method() + "`").append(" | ")
          .append(s == null ? "" : String.format(Locale.ROOT, "%.1f", s.percent())).append(" | ")
          .append(t == null ? "" : "`" + t.method() + "`").append(" | ")
          .append(t == null ? "" : String.format(Locale.ROOT, "%.1f", t.percent())).append(" |\n");
    }
  }

  // ---- header ----------------------------------------------------------------------------------------------

  private String header(final String loadBefore, final String loadAfter, final double minutes) {
    StringBuilder h = new StringBuilder();
    h.append("# Benchmarks\n\n")
        .append("<!-- Generated by dev.weft.benchmarks.Suite; do not edit by hand (edit the suite or"
            + " benchmarks/src/main/resources/dev/weft/benchmarks/findings.md). -->\n\n")
        .append("Produced by one command from the repository root:\n\n```\n")
        .append("mvn -q -B -DskipTests install && java -jar benchmarks/target/weft-benchmarks-<version>.jar\n```\n\n")
        .append("(`--quick` for the smoke-test sizes; `--only echo,park` for some workloads.) Weft runs in its default"
            + " configuration (task tracking and async stack traces on). Every figure is a median.\n\n");
    if (quick) {
      h.append("> **Quick mode**: tiny sizes and iteration counts, a smoke test only. These figures mean nothing.\n\n");
    }
    h.append("## Machine\n\n")
        .append("| | |\n|---|---|\n")
        .append("| date | ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" |\n")
        .append("| cores | ").append(Runtime.getRuntime().availableProcessors()).append(" (").append(cpuModel())
        .append(") |\n")
        .append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(' ').append(System.getProperty("os.arch")).append(" |\n")
        .append("| JDK (Weft, CompletableFuture, Netty, client) | ").append(Jvm.version(java)).append(" — ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
        .append(" |\n")
        .append("| JDK (virtual threads) | ").append(jdk25 == null ? "absent" : Jvm.version(jdk25) + " (" + jdk25 + ")")
        .append(" |\n")
        .append("| load average (1, 5, 15 min) before / after | ").append(loadBefore).append(" / ").append(loadAfter)
        .append(" |\n")
        .append("| suite run time | ").append(String.format(Locale.ROOT, "%.1f min", minutes)).append(" |\n");
    return h.toString();
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String resource(final String name) throws IOException {
    try (InputStream in = Suite.class.getResourceAsStream(name)) {
      return in == null ? "" : "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
