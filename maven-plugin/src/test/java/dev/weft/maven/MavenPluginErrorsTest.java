package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEST-PLAN #14, every illegal use reported at build, once: a module with ten errors of eight kinds across three
 * classes fails the goal in one run, each error logged exactly once in javac's form ({@code file:line: error:
 * headline}, the reason, a {@code Fix:} line), at the line the source marks; a module of only legal code logs no
 * warning or error; running the goal over two fresh copies of the same classes writes byte-identical output.
 *
 * <p>Each expected error is marked in the sources by a trailing {@code // E: headline fragment} comment on the line
 * the error must name, so the expectations cannot drift from the sources.
 */
class MavenPluginErrorsTest {

  @TempDir
  Path temp;

  private static final String HEADER = "package shop;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import java.util.function.Supplier;\n"
      + "import static dev.weft.Weft.*;\n";

  /** Synchronisation, construction and initialisation: code that cannot suspend. */
  private static final String ORDERS = HEADER
      + "public class Orders {\n"
      + "  private final Object lock = new Object();\n"
      + "  static int seed;\n"
      + "  static {\n"
      + "    seed = await(done(1)); // E: await not allowed in static initializer of Orders\n"
      + "  }\n"
      + "  public Orders(Task<Integer> t) {\n"
      + "    int x = await(t); // E: await not allowed in constructor Orders.Orders(Task)\n"
      + "  }\n"
      + "  @Async\n"
      + "  public Task<Integer> locked(Task<Integer> price) {\n"
      + "    synchronized (lock) {\n"
      + "      return done(await(price) + 1); // E: await inside synchronized block in Orders.locked\n"
      + "    }\n"
      + "  }\n"
      + "  @Async\n"
      + "  public synchronized Task<Integer> synced(Task<Integer> price) {\n"
      + "    return done(await(price) - 1); // E: await inside synchronized @Async method Orders.synced\n"
      + "  }\n"
      + "}\n";

  /** Declarations: no body, the wrong return type, no {@code @Async}. */
  private static final String LEDGER = HEADER
      + "public abstract class Ledger {\n"
      + "  @Async\n"
      + "  public abstract Task<Integer> balance(); // E(no line): @Async method Ledger.balance() has no body\n"
      + "  @Async\n"
      + "  public native Task<Integer> remote(); // E(no line): @Async method Ledger.remote() has no body\n"
      + "  @Async\n"
      + "  public int count(Task<Integer> t) {\n"
      + "    return await(t); // E: @Async method Ledger.count(Task) returns int, not a task type\n"
      + "  }\n"
      + "  public int plain(Task<Integer> t) {\n"
      + "    return await(t); // E: await outside @Async method in Ledger.plain\n"
      + "  }\n"
      + "}\n";

  /** Lambdas whose functional method cannot suspend. */
  private static final String RELAY = HEADER
      + "public class Relay {\n"
      + "  @Async\n"
      + "  public Task<Integer> supplied(Task<Integer> t) {\n"
      + "    Supplier<Integer> s = () -> await(t); // E: await in a lambda at shop/Relay.java\n"
      + "    return done(s.get());\n"
      + "  }\n"
      + "  public void run(Task<Integer> t) {\n"
      + "    Runnable r = () -> await(t); // E: await in a lambda at shop/Relay.java\n"
      + "    r.run();\n"
      + "  }\n"
      + "}\n";

  /** Legal code of every shape the rejections above come near, plus a class without {@code @Async}. */
  private static final String LEGAL = HEADER
      + "public class Shop {\n"
      + "  private final Object lock = new Object();\n"
      + "  private int total;\n"
      + "  public Shop(int start) { total = start; }\n"
      + "  @Async\n"
      + "  public static Task<Shop> open(Task<Integer> start) { return done(new Shop(await(start))); }\n"
      + "  @Async\n"
      + "  public Task<Integer> add(Task<Integer> price) {\n"
      + "    int p = await(price);\n"
      + "    synchronized (lock) { total += p; }\n"
      + "    Supplier<Task<Integer>> later = () -> { int q = await(price); return done(q * 2); };\n"
      + "    return done(total + await(later.get()) + await(spawn(() -> done(1))));\n"
      + "  }\n"
      + "  public int plain(int x) { return x + total; }\n"
      + "}\n";

  private final RecordingLog log = new RecordingLog();

  @Test
  void tenErrorsAllReportedOnceInOneRunAndNothingWritten() throws Exception {
    Map<String, String> sources = Map.of("shop/Orders.java", ORDERS, "shop/Ledger.java", LEDGER,
        "shop/Relay.java", RELAY);
    Path classes = compile(temp, sources);
    Map<String, byte[]> before = snapshot(classes);

    MojoFailureException failure = assertThrows(MojoFailureException.class, () -> mojo(temp).execute());

    List<String> errors = log.at("ERROR");
    errors.forEach(e -> System.out.println("MavenPluginErrorsTest: " + e.lines().findFirst().orElse("")));
    List<Mark> expected = expected(sources);
    assertEquals(10, expected.size(), "the sources mark ten errors");
    assertEquals("weft: 10 methods rejected; see errors above", failure.getMessage(), log.lines.toString());
    assertEquals(expected.size(), errors.size(), log.lines.toString());
    List<String> unmatched = new ArrayList<>(errors);
    for (Mark want : expected) {
      String hit = unmatched.stream().filter(e -> e.startsWith(want.where() + ": error: ")
          && e.lines().findFirst().orElse("").contains(want.headline())).findFirst().orElse(null);
      assertTrue(hit != null, () -> "no error " + want + " (one each) in:\n" + String.join("\n", errors));
      unmatched.remove(hit);
      List<String> lines = hit.lines().toList();
      assertTrue(lines.size() >= 3 && lines.get(lines.size() - 1).strip().startsWith("Fix: "),
          () -> "not headline, reason, Fix: " + hit);
    }
    assertEquals(List.of(), unmatched);
    assertEquals(List.of(), log.at("WARN"), log.lines.toString());
    assertEquals(before.keySet(), snapshot(classes).keySet());
    snapshot(classes).forEach((file, bytes) -> assertArrayEquals(before.get(file), bytes, file + " written"));
    System.out.printf("MavenPluginErrorsTest: %d errors in %d classes reported in one run, each once, each with "
        + "file:line (abstract/native: no line numbers), reason and Fix%n", errors.size(), sources.size());
  }

  @Test
  void legalModuleGivesNoWarningAndARebuildIsByteIdentical() throws Exception {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    Path classes = compile(first, Map.of("shop/Shop.java", LEGAL, "shop/Plain.java",
        "package shop;\npublic class Plain { public int twice(int x) { return 2 * x; } }\n"));
    copyTree(first, second);
    Map<String, byte[]> compiled = snapshot(classes);

    mojo(first).execute();
    mojo(second).execute();

    assertEquals(List.of(), log.at("WARN"), log.lines.toString());
    assertEquals(List.of(), log.at("ERROR"), log.lines.toString());
    Map<String, byte[]> one = snapshot(classes);
    Map<String, byte[]> two = snapshot(second.resolve("target/classes"));
    assertEquals(one.keySet(), two.keySet());
    one.forEach((file, bytes) -> assertArrayEquals(bytes, two.get(file), file + " differs between the two builds"));
    long rewritten = one.keySet().stream().filter(f -> !java.util.Arrays.equals(one.get(f), compiled.get(f))).count();
    assertTrue(rewritten >= 1, "the @Async class was rewritten");
    System.out.printf("MavenPluginErrorsTest: legal module, %d class files (%d rewritten), 0 warnings, 0 errors, "
        + "two builds byte-identical%n", one.size(), rewritten);
  }

  /** An expected error: where ({@code src/main/java/shop/X.java:N}) and a fragment of its headline. */
  private record Mark(String where, String headline) {
  }

  /** A mark for every {@code // E: headline} comment, by file and line. */
  private static List<Mark> expected(final Map<String, String> sources) {
    List<Mark> marks = new ArrayList<>();
    new TreeMap<>(sources).forEach((file, text) -> {
      List<String> lines = text.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.contains("// E: ")) {
          marks.add(new Mark("src/main/java/" + file + ":" + (i + 1), line.substring(line.indexOf("// E: ") + 6)));
        } else if (line.contains("// E(no line): ")) { // abstract and native methods have no line table
          marks.add(new Mark("src/main/java/" + file + " (no line numbers)", line.substring(line.indexOf("): ") + 3)));
        }
      }
    });
    return marks;
  }

  private static Path compile(final Path basedir, final Map<String, String> sources) throws Exception {
    return Javac.compile(basedir.resolve("src/main/java"), basedir.resolve("target/classes"), sources);
  }

  /** Every regular file under {@code dir}, by relative path. */
  private static Map<String, byte[]> snapshot(final Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(f -> {
        try {
          files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return files;
  }

  private static void copyTree(final Path from, final Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private TransformClassesMojo mojo(final Path basedir) {
    TransformClassesMojo mojo = new TransformClassesMojo();
    mojo.setLog(log);
    mojo.basedir = basedir.toFile();
    mojo.buildDirectory = basedir.resolve("target").toFile();
    mojo.pluginVersion = "test";
    mojo.classesDirectory = basedir.resolve("target/classes").toFile();
    List<String> classpath = new ArrayList<>(List.of(basedir.resolve("target/classes").toString()));
    classpath.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    mojo.classpathElements = classpath;
    mojo.sourceRoots = List.of(basedir.resolve("src/main/java").toString());
    return mojo;
  }
}
