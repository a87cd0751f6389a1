package dev.weft.transformer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, on real javac output. The tests whose sources use {@code @Async} need the
 * transformer core and the runtime; the others hold against any transformer.
 */
class TransformerMainTest {

  @TempDir
  Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static final String PLAIN = "package shop;\n"
      + "public class Plain {\n"
      + "  public int twice(int x) { return 2 * x; }\n"
      + "}\n";

  /** Awaits while holding a monitor: on the rejection list. */
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
      + "}\n";

  /** A legal @Async method. */
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

  // ---- arguments ------------------------------------------------------------------------------------------

  @Test
  void noArgumentsIsBadInput() {
    assertEquals(TransformerMain.BAD_INPUT, run());
    assertTrue(stderr().contains("no input"), stderr());
    assertTrue(stderr().contains("usage:"), stderr());
  }

  @Test
  void unknownOptionIsBadInput() {
    assertEquals(TransformerMain.BAD_INPUT, run("--frobnicate", temp.toString()));
    assertTrue(stderr().contains("unknown option --frobnicate"), stderr());
  }

  @Test
  void classpathWithoutValueIsBadInput() {
    assertEquals(TransformerMain.BAD_INPUT, run("--classpath"));
    assertTrue(stderr().contains("--classpath needs a value"), stderr());
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    assertEquals(TransformerMain.OK, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage:"));
  }

  @Test
  void missingDirectoryIsBadInput() {
    Path missing = temp.resolve("no-such-dir");

    int status = run(missing.toString());

    assertEquals(TransformerMain.BAD_INPUT, status);
    assertTrue(stderr().contains(missing + ": no such directory or jar"), stderr());
  }

  @Test
  void fileThatIsNeitherDirectoryNorJarIsBadInput() throws Exception {
    Path text = Files.writeString(temp.resolve("notes.txt"), "not a jar");

    assertEquals(TransformerMain.BAD_INPUT, run(text.toString()));
    assertTrue(stderr().contains("neither a directory nor a jar"), stderr());
  }

  // ---- inputs without candidates (any transformer) --------------------------------------------------------

  @Test
  void directoryWithoutCandidatesIsLeftByteIdentical() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"), Map.of("shop/Plain.java", PLAIN));
    Path file = classes.resolve("shop/Plain.class");
    byte[] before = Files.readAllBytes(file);
    FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, stamp);

    int status = run(classes.toString());

    assertEquals(TransformerMain.OK, status, stderr());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(stamp, Files.getLastModifiedTime(file), "an untouched class is not rewritten");
    assertEquals("weft: 0 classes transformed, 1 unchanged", stderr().strip());
  }

  @Test
  void jarWithoutCandidatesIsNotRewritten() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"), Map.of("shop/Plain.java", PLAIN));
    Path jar = jar(temp.resolve("app.jar"), classes, "shop/Plain.class");
    byte[] before = Files.readAllBytes(jar);

    int status = run("--classpath", classes + File.pathSeparator + temp.resolve("absent"), jar.toString());

    assertEquals(TransformerMain.OK, status, stderr());
    assertArrayEquals(before, Files.readAllBytes(jar));
    assertTrue(stderr().contains("warning: classpath entry " + temp.resolve("absent")), stderr());
  }

  // ---- with the transformer core and the runtime ----------------------------------------------------------

  /** Needs the transformer core: a truncated class naming {@code @Async} cannot be parsed. */
  @Test
  void unparsableCandidateIsBadInputAndNothingIsWritten() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"), Map.of("shop/Checkout.java", ASYNC));
    byte[] checkout = Files.readAllBytes(classes.resolve("shop/Checkout.class"));
    Path broken = Files.write(classes.resolve("shop/Broken.class"), truncatedCandidate());

    int status = run("--classpath", System.getProperty("java.class.path"), classes.toString());

    assertEquals(TransformerMain.BAD_INPUT, status, stderr());
    assertTrue(stderr().contains(broken + ": error: "), stderr());
    assertArrayEquals(checkout, Files.readAllBytes(classes.resolve("shop/Checkout.class")), "nothing written");
  }

  /** Needs the transformer core: await inside synchronized is rejected, and then nothing at all is written. */
  @Test
  void rejectionWritesNothing() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"),
        Map.of("shop/Cart.java", SYNCHRONIZED_AWAIT, "shop/Checkout.java", ASYNC));
    byte[] cart = Files.readAllBytes(classes.resolve("shop/Cart.class"));
    byte[] checkout = Files.readAllBytes(classes.resolve("shop/Checkout.class"));

    int status = run("--classpath", System.getProperty("java.class.path"), classes.toString());

    assertEquals(TransformerMain.REJECTED, status, stderr());
    assertTrue(java.util.regex.Pattern.compile("(?m)^shop/Cart\\.java:\\d+: error: ").matcher(stderr()).find(), stderr());
    assertTrue(stderr().contains("synchronized"), stderr());
    assertTrue(stderr().contains("Fix: "), stderr());
    assertTrue(stderr().contains("weft: 1 method rejected; nothing written"), stderr());
    assertArrayEquals(cart, Files.readAllBytes(classes.resolve("shop/Cart.class")));
    assertArrayEquals(checkout, Files.readAllBytes(classes.resolve("shop/Checkout.class")),
        "the legal class is not written either");
  }

  /** Needs the transformer core: a legal class is rewritten once, and a second run leaves it alone. */
  @Test
  void asyncClassIsTransformedAndSecondRunIsNoOp() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"),
        Map.of("shop/Checkout.java", ASYNC, "shop/Plain.java", PLAIN));
    Path file = classes.resolve("shop/Checkout.class");
    byte[] before = Files.readAllBytes(file);
    byte[] plain = Files.readAllBytes(classes.resolve("shop/Plain.class"));
    String classpath = System.getProperty("java.class.path");

    int first = run("--classpath", classpath, classes.toString());
    byte[] after = Files.readAllBytes(file);
    String firstSummary = stderr().strip();
    err.reset();
    int second = run("--classpath", classpath, classes.toString());

    assertEquals(TransformerMain.OK, first, firstSummary);
    assertEquals("weft: 1 class transformed, 1 unchanged", firstSummary);
    assertFalse(java.util.Arrays.equals(before, after), "rewritten");
    assertArrayEquals(plain, Files.readAllBytes(classes.resolve("shop/Plain.class")));
    assertEquals(TransformerMain.OK, second, stderr());
    assertEquals("weft: 0 classes transformed, 2 unchanged", stderr().strip());
    assertArrayEquals(after, Files.readAllBytes(file), "idempotent");
  }

  /** Needs the transformer core: a jar is rewritten with its other entries kept, in order. */
  @Test
  void asyncClassInJarIsTransformedInPlace() throws Exception {
    Path classes = Javac.compile(temp.resolve("classes"),
        Map.of("shop/Checkout.java", ASYNC, "shop/Plain.java", PLAIN));
    Files.writeString(classes.resolve("shop/prices.txt"), "42");
    Path jar = jar(temp.resolve("app.jar"), classes, "shop/Plain.class", "shop/prices.txt", "shop/Checkout.class");
    byte[] before = Files.readAllBytes(classes.resolve("shop/Checkout.class"));

    int status = run("--classpath", System.getProperty("java.class.path"), jar.toString());

    assertEquals(TransformerMain.OK, status, stderr());
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertEquals(java.util.List.of("shop/Plain.class", "shop/prices.txt", "shop/Checkout.class"),
          zip.stream().map(ZipEntry::getName).collect(java.util.stream.Collectors.toList()));
      assertEquals("42", new String(zip.getInputStream(zip.getEntry("shop/prices.txt")).readAllBytes(),
          StandardCharsets.UTF_8));
      assertFalse(java.util.Arrays.equals(before,
          zip.getInputStream(zip.getEntry("shop/Checkout.class")).readAllBytes()));
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  private int run(final String... args) {
    return TransformerMain.run(args, print(out), print(err));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream print(final OutputStream to) {
    return new PrintStream(to, true, StandardCharsets.UTF_8);
  }

  /** A class file whose constant pool names {@code @Async}, cut off right after that constant. */
  static byte[] truncatedCandidate() {
    byte[] name = "Ldev/weft/Async;".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[10 + 3 + name.length];
    int[] header = {0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 61, 0, 5};
    for (int i = 0; i < header.length; i++) {
      bytes[i] = (byte) header[i];
    }
    bytes[10] = 1; // CONSTANT_Utf8
    bytes[11] = 0;
    bytes[12] = (byte) name.length;
    System.arraycopy(name, 0, bytes, 13, name.length);
    return bytes;
  }

  private static Path jar(final Path jar, final Path root, final String... names) throws Exception {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String name : names) {
        out.putNextEntry(new ZipEntry(name));
        out.write(Files.readAllBytes(root.resolve(name)));
        out.closeEntry();
      }
    }
    return jar;
  }
}
