package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEST-PLAN #12, the agent never loads classes from inside its transform: a child JVM under {@code -javaagent}
 * loads an application of {@code CLASSES} generated classes (one in ten with an {@code @Async} method, the rest
 * plain) on {@code THREADS} threads through a "loader spy": a parallel-capable class loader that records every
 * {@code loadClass}/{@code findClass} request made of it with the stack it came from. Each {@code @Async} class
 * holds one of two plain classes in a local typed by their abstract base across an await, so its rewrite needs the
 * hierarchy of the application's own classes, which the agent must read as class files (resources), never load.
 *
 * <p>Proves: 0 class-load requests made while a {@code ClassFileTransformer} runs (no frame of {@code
 * dev.weft.agent}, {@code dev.weft.transformer} or the JVM's {@code sun.instrument.TransformerManager} on the
 * requesting stack); the spy's stack check is live (it does see the transformer's own class-file reads, and their
 * count is asserted positive); 0 {@code ClassCircularityError}; {@code dev.weft.agent.transformed} == the number of
 * {@code @Async} classes; every class computes its model's value; no {@code [weft]} line.
 *
 * <p>Short form 2,000 classes (200 {@code @Async}); {@code -Dweft.long=true}: 5,000 (500).
 */
class NoClassLoadingInTransformIT {

  private static final boolean LONG = Boolean.getBoolean("weft.long");
  private static final int CLASSES = LONG ? 5_000 : 2_000; // a multiple of 10: class k is @Async iff k % 10 == 0
  private static final int THREADS = 4;

  @TempDir
  Path temp;

  private static final String SHAPE = "package gen;\n"
      + "public abstract class Shape {\n"
      + "  public abstract long v(long x);\n"
      + "}\n";

  private static String plainClass(final int k) {
    return "package gen;\n"
        + "public class C" + k + " extends Shape {\n"
        + "  public long v(long x) { return x * 31 + " + k + "; }\n"
        + "}\n";
  }

  /** Holds a C(k+1) or C(k+2) as a Shape across an await: the rewrite needs their common superclass. */
  private static String asyncClass(final int k) {
    return "package gen;\n"
        + "import dev.weft.Async;\n"
        + "import dev.weft.Task;\n"
        + "import static dev.weft.Weft.*;\n"
        + "public class C" + k + " {\n"
        + "  @Async\n"
        + "  public static Task<Long> step(long x) {\n"
        + "    Shape s = (x & 1) == 0 ? new C" + (k + 1) + "() : new C" + (k + 2) + "();\n"
        + "    await(sleep(0));\n"
        + "    long y = s.v(x);\n"
        + "    long z = await(spawn(() -> { await(sleep(0)); return done(y + 1); }));\n"
        + "    return done(z + new C" + (k + 3) + "().v(0));\n"
        + "  }\n"
        + "  public static long check(long x) {\n"
        + "    return run(() -> step(x));\n"
        + "  }\n"
        + "}\n";
  }

  /** Loads and checks every class through the spy, then prints one line of counts and the problems. */
  private static final String MAIN = "package app;\n"
      + "import java.io.IOException;\n"
      + "import java.lang.reflect.InvocationTargetException;\n"
      + "import java.net.*;\n"
      + "import java.nio.file.*;\n"
      + "import java.util.*;\n"
      + "import java.util.concurrent.*;\n"
      + "import java.util.concurrent.atomic.*;\n"
      + "public class Main {\n"
      + "  /** Records every request made of it and whether a class file transformer is on the stack. */\n"
      + "  static final class Spy extends ClassLoader {\n"
      + "    static { registerAsParallelCapable(); }\n"
      + "    final Path dir;\n"
      + "    final AtomicLong loadRequests = new AtomicLong(), findRequests = new AtomicLong();\n"
      + "    final AtomicLong resourceReads = new AtomicLong(), resourceReadsInTransform = new AtomicLong();\n"
      + "    final Set<String> threads = ConcurrentHashMap.newKeySet();\n"
      + "    final ConcurrentLinkedQueue<String> inTransform = new ConcurrentLinkedQueue<>();\n"
      + "    Spy(Path dir, ClassLoader parent) { super(parent); this.dir = dir; }\n"
      + "    static List<String> transformerFrames() {\n"
      + "      return StackWalker.getInstance().walk(s -> s.map(f -> f.getClassName() + '.' + f.getMethodName())\n"
      + "          .filter(n -> n.startsWith(\"dev.weft.agent.\") || n.startsWith(\"dev.weft.transformer.\")\n"
      + "              || n.startsWith(\"sun.instrument.TransformerManager.\")).toList());\n"
      + "    }\n"
      + "    void record(String what, String name) {\n"
      + "      threads.add(Thread.currentThread().getName());\n"
      + "      List<String> frames = transformerFrames();\n"
      + "      if (!frames.isEmpty()) inTransform.add(what + ' ' + name + \" on \" + Thread.currentThread().getName()\n"
      + "          + \" under \" + frames);\n"
      + "    }\n"
      + "    @Override protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {\n"
      + "      loadRequests.incrementAndGet();\n"
      + "      record(\"loadClass\", name);\n"
      + "      return super.loadClass(name, resolve);\n"
      + "    }\n"
      + "    @Override protected Class<?> findClass(String name) throws ClassNotFoundException {\n"
      + "      findRequests.incrementAndGet();\n"
      + "      record(\"findClass\", name);\n"
      + "      Path file = dir.resolve(name.replace('.', '/') + \".class\");\n"
      + "      try {\n"
      + "        byte[] bytes = Files.readAllBytes(file);\n"
      + "        return defineClass(name, bytes, 0, bytes.length);\n"
      + "      } catch (IOException e) {\n"
      + "        throw new ClassNotFoundException(name, e);\n"
      + "      }\n"
      + "    }\n"
      + "    @Override protected URL findResource(String name) {\n"
      + "      Path file = dir.resolve(name);\n"
      + "      if (!Files.isRegularFile(file)) return null;\n"
      + "      resourceReads.incrementAndGet();\n"
      + "      if (!transformerFrames().isEmpty()) resourceReadsInTransform.incrementAndGet();\n"
      + "      try { return file.toUri().toURL(); } catch (MalformedURLException e) { throw new AssertionError(e); }\n"
      + "    }\n"
      + "  }\n"
      + "  static long expected(int k) {\n"
      + "    if (k % 10 != 0) return 7 * 31 + k;\n"
      + "    long x = k / 10;\n"
      + "    long y = x * 31 + ((x & 1) == 0 ? k + 1 : k + 2);\n"
      + "    return y + 1 + k + 3;\n"
      + "  }\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    int classes = Integer.parseInt(args[0]), threadCount = Integer.parseInt(args[1]);\n"
      + "    long boundMillis = Long.parseLong(args[3]);\n"
      + "    Spy spy = new Spy(Path.of(args[2]), Main.class.getClassLoader());\n"
      + "    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();\n"
      + "    AtomicInteger checked = new AtomicInteger(), circularity = new AtomicInteger();\n"
      + "    CyclicBarrier start = new CyclicBarrier(threadCount);\n"
      + "    Thread[] threads = new Thread[threadCount];\n"
      + "    for (int t = 0; t < threadCount; t++) {\n"
      + "      int me = t;\n"
      + "      threads[t] = new Thread(() -> {\n"
      + "        try { start.await(); } catch (Exception e) { problems.add(e.toString()); return; }\n"
      + "        for (int k = me; k < classes; k += threadCount) {\n"
      + "          String name = \"gen.C\" + k;\n"
      + "          try {\n"
      + "            Class<?> c = Class.forName(name, true, spy);\n"
      + "            long got = k % 10 == 0 ? (Long) c.getMethod(\"check\", long.class).invoke(null, (long) (k / 10))\n"
      + "                : (Long) c.getMethod(\"v\", long.class).invoke(c.getConstructor().newInstance(), 7L);\n"
      + "            if (got != expected(k)) problems.add(name + \": got \" + got + \", expected \" + expected(k));\n"
      + "            checked.incrementAndGet();\n"
      + "          } catch (Throwable e) {\n"
      + "            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;\n"
      + "            for (Throwable x = cause; x != null; x = x.getCause()) {\n"
      + "              if (x instanceof ClassCircularityError) { circularity.incrementAndGet(); break; }\n"
      + "            }\n"
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
      + "        System.out.println(\"HUNG \" + th.getName());\n"
      + "        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {\n"
      + "          System.out.println(e.getKey() + \" \" + Arrays.toString(e.getValue()));\n"
      + "        }\n"
      + "        System.out.flush();\n"
      + "        Runtime.getRuntime().halt(3);\n"
      + "      }\n"
      + "    }\n"
      + "    System.out.println(\"checked \" + checked + \" problems \" + problems.size()\n"
      + "        + \" transformed \" + System.getProperty(\"dev.weft.agent.transformed\")\n"
      + "        + \" loadsInTransform \" + spy.inTransform.size() + \" circularity \" + circularity\n"
      + "        + \" loadClass \" + spy.loadRequests + \" findClass \" + spy.findRequests\n"
      + "        + \" resourceReads \" + spy.resourceReads\n"
      + "        + \" resourceReadsInTransform \" + spy.resourceReadsInTransform\n"
      + "        + \" threads \" + spy.threads.size());\n"
      + "    for (String p : problems) System.out.println(p);\n"
      + "    spy.inTransform.stream().limit(20).forEach(System.out::println);\n"
      + "  }\n"
      + "}\n";

  @Test
  void noClassIsLoadedFromInsideTheTransformer() throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("gen/Shape.java", SHAPE);
    for (int k = 0; k < CLASSES; k++) {
      sources.put("gen/C" + k + ".java", k % 10 == 0 ? asyncClass(k) : plainClass(k));
    }
    long compileStarted = System.nanoTime();
    Path gen = Javac.compile(temp.resolve("gen-src"), temp.resolve("gen"), sources);
    long compileMillis = (System.nanoTime() - compileStarted) / 1_000_000;
    Path app = Javac.compile(temp.resolve("app-src"), temp.resolve("app"), Map.of("app/Main.java", MAIN));
    long bound = 90_000; // generous liveness bound; the child JVM itself is killed at 120 s

    long started = System.nanoTime();
    ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), temp, "-javaagent:" + ChildJvm.agentJar(),
        "-cp", ChildJvm.classpath(ChildJvm.runtime(), app), "app.Main",
        Integer.toString(CLASSES), Integer.toString(THREADS), gen.toString(), Long.toString(bound));
    long millis = (System.nanoTime() - started) / 1_000_000;

    int async = CLASSES / 10;
    String summary = result.stdout().lines().findFirst().orElse("");
    System.out.printf("NoClassLoadingInTransformIT: %d classes (%d @Async) compiled in %d ms, loaded and run under "
        + "the agent by %d threads in %d ms (child JVM, wall clock); %s%n", CLASSES, async, compileMillis, THREADS,
        millis, summary);
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(List.of(), result.weftLines(), result.toString());
    assertTrue(result.stderr().isEmpty(), result.toString());
    Matcher counts = Pattern.compile("checked (\\d+) problems (\\d+) transformed (\\d+) loadsInTransform (\\d+) "
        + "circularity (\\d+) loadClass (\\d+) findClass (\\d+) resourceReads (\\d+) resourceReadsInTransform (\\d+) "
        + "threads (\\d+)").matcher(summary);
    assertTrue(counts.matches(), result.toString());
    assertEquals(CLASSES, Integer.parseInt(counts.group(1)), "checked: " + result);
    assertEquals(0, Integer.parseInt(counts.group(2)), "problems: " + result);
    assertEquals(async, Integer.parseInt(counts.group(3)), "every @Async class rewritten once: " + result);
    assertEquals(0, Integer.parseInt(counts.group(4)), "class loads from inside the transformer: " + result);
    assertEquals(0, Integer.parseInt(counts.group(5)), "ClassCircularityError: " + result);
    assertEquals(CLASSES + 1, Integer.parseInt(counts.group(7)), "each class (and Shape) found once: " + result);
    assertTrue(Integer.parseInt(counts.group(9)) > 0, "the spy sees the transformer's class-file reads, so its "
        + "stack check is live: " + result);
    assertEquals(1, result.stdout().lines().count(), result.toString());
  }
}
