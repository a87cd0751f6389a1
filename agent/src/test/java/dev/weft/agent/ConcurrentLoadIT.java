package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads loading {@code @Async} classes at once through the agent (issue 7; TEST-PLAN harness 12's concern):
 * a child JVM under {@code -javaagent} starts {@code THREADS} threads on a barrier, each loading and running its own
 * {@code CLASSES} generated {@code @Async} classes through one shared, parallel-capable class loader. Each class
 * awaits into a class of the next thread's (so threads race to load the same classes), extends one of five
 * {@code @Async} base classes (superclass loads under the transformer) and spawns a lambda that awaits.
 *
 * <p>Proves: no deadlock (every thread finishes within a generous bound, else the child prints a thread dump and
 * any deadlocked threads); no {@code ClassCircularityError} or other error while loading; each class rewritten
 * exactly once (the agent's {@code dev.weft.agent.transformed} count equals the number of {@code @Async} classes:
 * the JVM offers each definition once, and every class ran transformed, since an untransformed one throws "not
 * transformed"); every class computes the value of its synchronous model; not one {@code [weft]} log line.
 *
 * <p>Short form 8 threads x 50 classes; {@code -Dweft.long=true}: 16 threads x 200 classes.
 */
class ConcurrentLoadIT {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final int THREADS = LONG ? 16 : 8;
  private static final int CLASSES = LONG ? 200 : 50;
  private static final int BASES = 5;
  private static final int DEPTH = 3;

  @TempDir
  Path temp;

  private static String name(final int t, final int i) {
    return "C" + t + "_" + i;
  }

  /** The generated class: its ID, an @Async step awaiting the next thread's class, a base method and a lambda. */
  private static String asyncClass(final int t, final int i) {
    String next = name((t + 1) % THREADS, (i + 1) % CLASSES);
    return "package gen;\n"
        + "import dev.weft.Async;\n"
        + "import dev.weft.Task;\n"
        + "import static dev.weft.Weft.*;\n"
        + "public class " + name(t, i) + " extends Base" + (i % BASES) + " {\n"
        + "  public static final long ID = " + (t * 100_000L + i) + "L;\n"
        + "  @Async\n"
        + "  public static Task<Long> step(int depth, long acc) {\n"
        + "    await(sleep(0));\n"
        + "    long here = acc * 31 + ID;\n"
        + "    if (depth == 0) {\n"
        + "      return done(here);\n"
        + "    }\n"
        + "    long a = await(" + next + ".step(depth - 1, here));\n"
        + "    long b = await(new " + name(t, i) + "().twice(a));\n"
        + "    long c = await(spawn(() -> { await(sleep(0)); return done(b + 1); }));\n"
        + "    return done(c);\n"
        + "  }\n"
        + "  public static long check(int depth) {\n"
        + "    return run(() -> step(depth, 0L));\n"
        + "  }\n"
        + "}\n";
  }

  private static String baseClass(final int k) {
    return "package gen;\n"
        + "import dev.weft.Async;\n"
        + "import dev.weft.Task;\n"
        + "import static dev.weft.Weft.*;\n"
        + "public class Base" + k + " {\n"
        + "  @Async\n"
        + "  public Task<Long> twice(long x) {\n"
        + "    await(sleep(0));\n"
        + "    return done(x * 2);\n"
        + "  }\n"
        + "}\n";
  }

  /**
   * Loads and runs the classes; prints {@code checked N problems P transformed K}, then the problems. Knows the
   * generated classes by name only (they are not on its class path), and models their values synchronously.
   */
  private static final String MAIN = "package app;\n"
      + "import java.lang.management.*;\n"
      + "import java.lang.reflect.InvocationTargetException;\n"
      + "import java.net.*;\n"
      + "import java.nio.file.Path;\n"
      + "import java.util.concurrent.*;\n"
      + "import java.util.concurrent.atomic.AtomicInteger;\n"
      + "public class Main {\n"
      + "  static int T, M;\n"
      + "  static long expected(int t, int i, int depth, long acc) {\n"
      + "    long here = acc * 31 + (t * 100_000L + i);\n"
      + "    if (depth == 0) return here;\n"
      + "    long a = expected((t + 1) % T, (i + 1) % M, depth - 1, here);\n"
      + "    return a * 2 + 1;\n"
      + "  }\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    T = Integer.parseInt(args[0]); M = Integer.parseInt(args[1]);\n"
      + "    int depth = Integer.parseInt(args[2]);\n"
      + "    long boundMillis = Long.parseLong(args[4]);\n"
      + "    URLClassLoader shared = new URLClassLoader(new URL[] {Path.of(args[3]).toUri().toURL()},\n"
      + "        Main.class.getClassLoader());\n"
      + "    CyclicBarrier start = new CyclicBarrier(T);\n"
      + "    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();\n"
      + "    AtomicInteger checked = new AtomicInteger();\n"
      + "    Thread[] threads = new Thread[T];\n"
      + "    for (int t = 0; t < T; t++) {\n"
      + "      int me = t;\n"
      + "      threads[t] = new Thread(() -> {\n"
      + "        try { start.await(); } catch (Exception e) { problems.add(e.toString()); return; }\n"
      + "        for (int i = 0; i < M; i++) {\n"
      + "          String name = \"gen.C\" + me + \"_\" + i;\n"
      + "          try {\n"
      + "            Class<?> c = Class.forName(name, true, shared);\n"
      + "            long got = (Long) c.getMethod(\"check\", int.class).invoke(null, depth);\n"
      + "            long want = expected(me, i, depth, 0);\n"
      + "            if (got != want) problems.add(name + \": got \" + got + \", expected \" + want);\n"
      + "            checked.incrementAndGet();\n"
      + "          } catch (Throwable e) {\n"
      + "            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;\n"
      + "            problems.add(name + \": \" + cause);\n"
      + "          }\n"
      + "        }\n"
      + "      }, \"loader-\" + t);\n"
      + "      threads[t].start();\n"
      + "    }\n"
      + "    long deadline = System.currentTimeMillis() + boundMillis;\n"
      + "    for (Thread th : threads) {\n"
      + "      th.join(Math.max(1, deadline - System.currentTimeMillis()));\n"
      + "      if (th.isAlive()) {\n"
      + "        ThreadMXBean mx = ManagementFactory.getThreadMXBean();\n"
      + "        long[] dead = mx.findDeadlockedThreads();\n"
      + "        System.out.println(\"HUNG \" + th.getName() + \", deadlocked threads: \"\n"
      + "            + (dead == null ? 0 : dead.length));\n"
      + "        for (ThreadInfo info : mx.dumpAllThreads(true, true)) System.out.print(info);\n"
      + "        System.out.flush();\n"
      + "        Runtime.getRuntime().halt(3);\n"
      + "      }\n"
      + "    }\n"
      + "    System.out.println(\"checked \" + checked + \" problems \" + problems.size() + \" transformed \"\n"
      + "        + System.getProperty(\"dev.weft.agent.transformed\"));\n"
      + "    for (String p : problems) System.out.println(p);\n"
      + "  }\n"
      + "}\n";

  @Test
  void manyThreadsLoadingAsyncClassesAtOnce() throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    for (int k = 0; k < BASES; k++) {
      sources.put("gen/Base" + k + ".java", baseClass(k));
    }
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < CLASSES; i++) {
        sources.put("gen/" + name(t, i) + ".java", asyncClass(t, i));
      }
    }
    Path gen = Javac.compile(temp.resolve("gen-src"), temp.resolve("gen"), sources);
    Path app = Javac.compile(temp.resolve("app-src"), temp.resolve("app"), Map.of("app/Main.java", MAIN));
    long bound = 90_000; // generous: the short form takes a few seconds; the child JVM itself is killed at 120 s

    long started = System.nanoTime();
    ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), temp, "-javaagent:" + ChildJvm.agentJar(),
        "-cp", ChildJvm.classpath(ChildJvm.runtime(), app), "app.Main",
        Integer.toString(THREADS), Integer.toString(CLASSES), Integer.toString(DEPTH), gen.toString(),
        Long.toString(bound));
    long millis = (System.nanoTime() - started) / 1_000_000;

    int classes = THREADS * CLASSES + BASES;
    System.out.printf("ConcurrentLoadIT: %d threads x %d classes (+%d bases) loaded and run under the agent "
        + "in %d ms (child JVM, wall clock); %s%n", THREADS, CLASSES, BASES, millis,
        result.stdout().lines().findFirst().orElse(""));
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(List.of(), result.weftLines(), result.toString());
    assertEquals("checked " + THREADS * CLASSES + " problems 0 transformed " + classes,
        result.stdout().strip(), result.toString());
    assertTrue(result.stderr().isEmpty(), result.toString());
  }
}
