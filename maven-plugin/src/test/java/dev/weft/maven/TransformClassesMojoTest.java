package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals on a project laid out as Maven lays it out, with classes compiled by javac at test time. The tests
 * whose sources use {@code @Async} need the transformer core and the runtime; the others hold against any
 * transformer.
 */
class TransformClassesMojoTest {

  @TempDir
  Path basedir;

  private final RecordingLog log = new RecordingLog();

  private static final String PLAIN = "package shop;\n"
      + "public class Plain {\n"
      + "  public int twice(int x) { return 2 * x; }\n"
      + "}\n";

  private static final String SYNCHRONIZED_AWAIT = "package shop;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import static dev.weft.Weft.*;\n"
      + "public class Cart {\n"
      + "  private final Object lock = new Object();\n"
      + "  @Async\n"
      + "  public Task<Integer> total(Task<Integer> price) {\n"
      + "    synchronized (lock) {\n"
      + "      int p = await(price);\n"
      + "      return done(p + 1);\n"
      + "    }\n"
      + "  }\n"
      + "  @Async\n"
      + "  public synchronized Task<Integer> discount(Task<Integer> price) {\n"
      + "    return done(await(price) - 1);\n"
      + "  }\n"
      + "}\n";

  private static final String ASYNC = "package shop;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import static dev.weft.Weft.*;\n"
      + "public class Checkout {\n"
      + "  @Async\n"
      + "  public static Task<Integer> pay(Task<Integer> price) {\n"
      + "    int p = await(price);\n"
      + "    return done(p * 2);\n"
      + "  }\n"
      + "}\n";

  @Test
  void skipFlagSkipsAndSaysWhy() throws Exception {
    TransformClassesMojo mojo = mojo();
    mojo.skip = true;

    mojo.execute();

    assertEquals(List.of("Skipping Weft: weft.skip is true"), log.at("INFO"));
  }

  @Test
  void missingDirectorySkipsAndSaysWhy() throws Exception {
    mojo().execute();

    assertEquals(1, log.at("INFO").size());
    assertTrue(log.at("INFO").get(0).startsWith("Skipping Weft: "), log.lines.toString());
    assertTrue(log.at("INFO").get(0).endsWith("does not exist (nothing was compiled)"), log.lines.toString());
  }

  @Test
  void classesWithoutCandidatesAreLeftAlone() throws Exception {
    Path file = compile(Map.of("shop/Plain.java", PLAIN)).resolve("shop/Plain.class");
    byte[] before = Files.readAllBytes(file);
    FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, stamp);

    mojo().execute();

    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(stamp, Files.getLastModifiedTime(file));
    assertTrue(log.at("INFO").get(0).startsWith("Weft: 0 classes transformed, 1 unchanged"), log.lines.toString());
  }

  @Test
  void unchangedRebuildDoesNoWorkAndARecompiledClassIsSeen() throws Exception {
    Path file = compile(Map.of("shop/Plain.java", PLAIN)).resolve("shop/Plain.class");
    mojo().execute();
    log.lines.clear();

    mojo().execute();
    List<String> second = List.copyOf(log.at("INFO"));
    log.lines.clear();
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    mojo().execute();

    assertEquals(1, second.size());
    assertTrue(second.get(0).endsWith("unchanged since the last run; nothing to do"), second.toString());
    assertTrue(log.at("INFO").get(0).startsWith("Weft: 0 classes transformed, 1 unchanged"), log.lines.toString());
    assertTrue(Files.isRegularFile(basedir.resolve("target/maven-status/weft/classes.stamp")));
  }

  /** Needs the transformer core: every rejection is reported against its source file, then one failure. */
  @Test
  void rejectionsAreAllReportedAndNothingIsWritten() throws Exception {
    Path classes = compile(Map.of("shop/Cart.java", SYNCHRONIZED_AWAIT, "shop/Checkout.java", ASYNC));
    byte[] cart = Files.readAllBytes(classes.resolve("shop/Cart.class"));
    byte[] checkout = Files.readAllBytes(classes.resolve("shop/Checkout.class"));

    MojoFailureException failure = assertThrows(MojoFailureException.class, () -> mojo().execute());

    assertEquals("weft: 2 methods rejected; see errors above", failure.getMessage());
    List<String> errors = log.at("ERROR");
    assertEquals(2, errors.size(), log.lines.toString());
    for (String error : errors) {
      assertTrue(error.matches("(?s)src/main/java/shop/Cart\\.java:\\d+: error: .*synchronized.*Fix: .*"), error);
    }
    assertArrayEquals(cart, Files.readAllBytes(classes.resolve("shop/Cart.class")));
    assertArrayEquals(checkout, Files.readAllBytes(classes.resolve("shop/Checkout.class")), "nothing written");
    assertFalse(Files.exists(basedir.resolve("target/maven-status/weft/classes.stamp")), "a failed run is redone");
  }

  /** Needs the transformer core: a legal class is rewritten, and running again changes nothing. */
  @Test
  void asyncClassIsTransformedOnce() throws Exception {
    Path file = compile(Map.of("shop/Checkout.java", ASYNC, "shop/Plain.java", PLAIN)).resolve("shop/Checkout.class");
    byte[] before = Files.readAllBytes(file);

    mojo().execute();
    byte[] after = Files.readAllBytes(file);
    Files.delete(basedir.resolve("target/maven-status/weft/classes.stamp"));
    mojo().execute();

    assertFalse(Arrays.equals(before, after), "rewritten");
    assertArrayEquals(after, Files.readAllBytes(file), "idempotent");
    assertTrue(log.at("INFO").get(0).startsWith("Weft: 1 class transformed, 1 unchanged"), log.lines.toString());
    assertTrue(log.at("INFO").get(1).startsWith("Weft: 0 classes transformed, 2 unchanged"), log.lines.toString());
  }

  /** Needs the transformer core: the test goal points at the test source root. */
  @Test
  void testGoalReportsAgainstTestSources() throws Exception {
    Path testClasses = basedir.resolve("target/test-classes");
    Javac.compile(basedir.resolve("src/test/java"), testClasses, Map.of("shop/Cart.java", SYNCHRONIZED_AWAIT));
    TransformTestClassesMojo mojo = new TransformTestClassesMojo();
    mojo.setLog(log);
    mojo.basedir = basedir.toFile();
    mojo.buildDirectory = basedir.resolve("target").toFile();
    mojo.testClassesDirectory = testClasses.toFile();
    mojo.testClasspathElements = classpath(testClasses);
    mojo.testSourceRoots = List.of(basedir.resolve("src/test/java").toString());

    assertThrows(MojoFailureException.class, mojo::execute);

    assertTrue(log.at("ERROR").get(0).startsWith("src/test/java/shop/Cart.java:"), log.lines.toString());
  }

  private Path compile(final Map<String, String> sources) throws Exception {
    return Javac.compile(basedir.resolve("src/main/java"), basedir.resolve("target/classes"), sources);
  }

  private TransformClassesMojo mojo() {
    TransformClassesMojo mojo = new TransformClassesMojo();
    mojo.setLog(log);
    mojo.basedir = basedir.toFile();
    mojo.buildDirectory = basedir.resolve("target").toFile();
    mojo.pluginVersion = "test";
    mojo.classesDirectory = basedir.resolve("target/classes").toFile();
    mojo.classpathElements = classpath(basedir.resolve("target/classes"));
    mojo.sourceRoots = List.of(basedir.resolve("src/main/java").toString(),
        basedir.resolve("target/generated-sources/annotations").toString());
    return mojo;
  }

  /** As Maven gives it: the output directory, then the dependencies (here: the test class path, with the runtime). */
  private static List<String> classpath(final Path output) {
    List<String> elements = new java.util.ArrayList<>(List.of(output.toString()));
    elements.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    return elements;
  }
}
