package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged agent jar in child JVMs, as users run it:
 * {@code java -javaagent:weft-agent.jar -cp weft-runtime.jar:APP Main}. Runs in the {@code integration-test}
 * phase, after {@code package}; {@code weft.agent.jar} names the jar. The tests that need a real
 * transformation wait on the transformer core and the runtime; the others hold against any transformer.
 */
class AgentIT {

  @TempDir
  Path temp;

  private static final String PLAIN_MAIN = "package app;\n"
      + "public class Main {\n"
      + "  public static void main(String[] args) {\n"
      + "    System.out.println(new StringBuilder(\"olleh\").reverse() + \" \" + System.getProperty(\"dev.weft.agent\"));\n"
      + "  }\n"
      + "}\n";

  /** Defines a class (name, base64 bytes) and prints what the JVM made of it. */
  private static final String DEFINE_MAIN = "package app;\n"
      + "import java.util.Base64;\n"
      + "public class Main extends ClassLoader {\n"
      + "  public static void main(String[] args) {\n"
      + "    byte[] bytes = Base64.getDecoder().decode(args[1]);\n"
      + "    try {\n"
      + "      Class<?> c = new Main().defineClass(args[0], bytes, 0, bytes.length);\n"
      + "      System.out.println(\"defined \" + c.getName());\n"
      + "    } catch (Throwable t) {\n"
      + "      System.out.println(t.getClass().getName());\n"
      + "    }\n"
      + "    System.out.println(\"still running\");\n"
      + "  }\n"
      + "}\n";

  private static final String SELF_ATTACH_MAIN = "package app;\n"
      + "public class Main {\n"
      + "  public static void main(String[] args) {\n"
      + "    dev.weft.agent.WeftAgent.install();\n"
      + "    dev.weft.agent.WeftAgent.install();\n"
      + "    System.out.println(System.getProperty(\"dev.weft.agent\"));\n"
      + "  }\n"
      + "}\n";

  /** The example of DESIGN.md: three greetings that sleep concurrently. */
  private static final String HELLO = "package app;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import java.time.Duration;\n"
      + "import java.util.List;\n"
      + "import static dev.weft.Weft.*;\n"
      + "public class Hello {\n"
      + "  @Async\n"
      + "  static Task<String> greet(String name) {\n"
      + "    await(sleep(Duration.ofMillis(100)));\n"
      + "    return done(\"hello \" + name);\n"
      + "  }\n"
      + "  @Async\n"
      + "  static Task<Void> main0() {\n"
      + "    List<String> all = await(gather(greet(\"a\"), greet(\"b\"), greet(\"c\")));\n"
      + "    System.out.println(all);\n"
      + "    return done();\n"
      + "  }\n"
      + "  public static void main(String[] args) {\n"
      + "    run(Hello::main0);\n"
      + "  }\n"
      + "}\n";

  /** Awaits under a monitor: rejected, so the class loads untransformed. */
  private static final String REJECTED = "package app;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import static dev.weft.Weft.*;\n"
      + "public class Cart {\n"
      + "  private final Object lock = new Object();\n"
      + "  @Async\n"
      + "  public Task<Integer> total(Task<Integer> price) {\n"
      + "    synchronized (lock) {\n"
      + "      return done(await(price) + 1);\n"
      + "    }\n"
      + "  }\n"
      + "  public static void main(String[] args) {\n"
      + "    Cart cart = new Cart();\n"
      + "    System.out.println(\"loaded \" + (System.getProperty(\"dev.weft.rejected.app.Cart\") != null));\n"
      + "    try {\n"
      + "      cart.total(done(1)).join();\n"
      + "      System.out.println(\"no error\");\n"
      + "    } catch (IllegalStateException e) {\n"
      + "      System.out.println(\"call: \" + e.getMessage().replace('\\n', ' '));\n"
      + "    }\n"
      + "  }\n"
      + "}\n";

  @Test
  void jarIsSelfContainedAndHoldsNoRuntimeClasses() throws Exception {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      List<String> foreign = names.stream()
          .filter(n -> n.endsWith(".class"))
          .filter(n -> !n.startsWith("dev/weft/agent/"))
          .toList();
      assertEquals(List.of(), foreign, "only the agent and its relocated dependencies (the transformer among them)");
      assertTrue(names.contains("dev/weft/agent/WeftAgent.class"));
      assertTrue(names.contains("dev/weft/agent/shaded/transformer/AsyncClassTransformer.class"));
      assertTrue(names.contains("dev/weft/agent/shaded/bytebuddy/agent/ByteBuddyAgent.class"));
      assertTrue(names.stream().anyMatch(n -> n.startsWith("dev/weft/agent/shaded/transformer/shaded/asm/")),
          "relocated ASM");

      Attributes manifest = jar.getManifest().getMainAttributes();
      assertEquals("dev.weft.agent.WeftAgent", manifest.getValue("Premain-Class"));
      assertEquals("dev.weft.agent.WeftAgent", manifest.getValue("Agent-Class"));
      assertEquals("dev.weft.agent.WeftAgent", manifest.getValue("Launcher-Agent-Class"));
      assertEquals("dev.weft.agent", manifest.getValue("Automatic-Module-Name"));
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void programWithoutAsyncClassesRunsNormally(final String jdk) throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Main.java", PLAIN_MAIN));

    ChildJvm.Result result = underAgent(java(jdk), app, "app.Main");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("hello installed", result.stdout().strip(), result.toString());
    assertEquals("", result.stderr(), "no [weft] line, and -javaagent prints no warning");
  }

  @Test
  void selfAttachInstallsOnce() throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"),
        Map.of("app/Main.java", SELF_ATTACH_MAIN), ChildJvm.agentJar());

    ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), temp, "-Djdk.attach.allowAttachSelf=true",
        "-cp", ChildJvm.classpath(ChildJvm.agentJar(), ChildJvm.runtime(), app), "app.Main");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("installed", result.stdout().strip(), result.toString());
  }

  @Test
  void selfAttachWithoutAllowAttachSelfUsesAHelperJvm() throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"),
        Map.of("app/Main.java", SELF_ATTACH_MAIN), ChildJvm.agentJar());

    ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), temp,
        "-cp", ChildJvm.classpath(ChildJvm.agentJar(), app), "app.Main");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("installed", result.stdout().strip(), result.toString());
  }

  /** Needs the transformer core: the unparsable class fails as it would without the agent, plus one log line. */
  @Test
  void unparsableClassFailsExactlyAsWithoutTheAgent() throws Exception {
    ChildJvm.Result agent = defineWithAndWithoutAgent("shop.Broken", ClassBytes.truncatedCandidate(),
        "java.lang.ClassFormatError");

    assertTrue(agent.weftLines().get(0).startsWith("[weft] shop.Broken: "), agent.toString());
    assertTrue(agent.weftLines().get(0).endsWith("; left untransformed"), agent.toString());
  }

  /** Needs the transformer core: a class file newer than Weft supports is refused by both, and logged once. */
  @Test
  void tooNewClassFailsExactlyAsWithoutTheAgent() throws Exception {
    Path classes = Javac.compile(temp.resolve("src"), temp.resolve("fixture"), Map.of("app/Hello.java", HELLO));
    byte[] bytes = Files.readAllBytes(classes.resolve("app/Hello.class"));
    bytes[6] = 0;
    bytes[7] = 70; // Java 26: beyond both the JVM running the test and the transformer

    ChildJvm.Result agent = defineWithAndWithoutAgent("app.Hello", bytes, "java.lang.UnsupportedClassVersionError");

    assertTrue(agent.weftLines().get(0).contains("70"), agent.toString());
  }

  /**
   * Defines a class from bytes in a child JVM, without and with the agent: both must print the same outcome
   * (the expected error) and exit 0, and the agent must log exactly one record.
   */
  private ChildJvm.Result defineWithAndWithoutAgent(final String name, final byte[] bytes, final String expected)
      throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Main.java", DEFINE_MAIN));
    String base64 = java.util.Base64.getEncoder().encodeToString(bytes);

    ChildJvm.Result plain = ChildJvm.run(ChildJvm.currentJava(), temp,
        "-cp", ChildJvm.classpath(ChildJvm.runtime(), app), "app.Main", name, base64);
    ChildJvm.Result agent = underAgent(ChildJvm.currentJava(), app, "app.Main", name, base64);

    assertEquals(0, plain.exitCode(), plain.toString());
    assertEquals(expected + "\nstill running", plain.stdout().strip(), plain.toString());
    assertEquals(0, agent.exitCode(), agent.toString());
    assertEquals(plain.stdout(), agent.stdout(), agent.toString());
    assertEquals(1, agent.weftLines().size(), agent.toString());
    return agent;
  }

  /** Needs the transformer core and the runtime: a real @Async program, transformed as it loads. */
  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void asyncProgramRunsUnderTheAgent(final String jdk) throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Hello.java", HELLO));

    ChildJvm.Result result = underAgent(java(jdk), app, "app.Hello");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("[hello a, hello b, hello c]", result.stdout().strip(), result.toString());
    assertEquals(List.of(), result.weftLines(), result.toString());
  }

  /** Needs the transformer core and the runtime: a rejected class loads untransformed, with one log record. */
  @Test
  void rejectedClassLoadsUntransformedWithOneLogRecord() throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Cart.java", REJECTED));

    ChildJvm.Result result = underAgent(ChildJvm.currentJava(), app, "app.Cart");

    assertEquals(0, result.exitCode(), result.toString());
    String[] lines = result.stdout().strip().split("\n");
    assertEquals("loaded true", lines[0], result.toString());
    // Calling the rejected method: the untransformed await explains why, quoting the agent's error.
    assertTrue(lines.length == 2 && lines[1].startsWith("call: ") && lines[1].contains("Cart")
        && lines[1].contains("synchronized"), result.toString());
    assertEquals(1, result.weftLines().size(), result.toString());
    assertTrue(result.weftLines().get(0).matches("\\[weft] app/Cart\\.java:\\d+: error: .*synchronized.*"),
        result.toString());
    assertTrue(result.stderr().contains("Fix: "), result.toString());
  }

  /**
   * A class whose rewrite needs a dependency that is missing (a type merge at a suspension point): one log line
   * naming the class, the class loads untransformed, the JVM goes on.
   */
  @Test
  void classWithAMissingDependencyLoadsUntransformedWithOneLogLine() throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of(
        "dep/Animal.java", "package dep; public class Animal {}",
        "dep/Cat.java", "package dep; public class Cat extends Animal {}",
        "dep/Dog.java", "package dep; public class Dog extends Animal {}",
        "app/Zoo.java", "package app;\n"
            + "import dev.weft.Async;\n"
            + "import dev.weft.Task;\n"
            + "import static dev.weft.Weft.*;\n"
            + "public class Zoo {\n"
            + "  @Async static Task<String> pick(boolean first) {\n"
            + "    Object animal = first ? new dep.Cat() : new dep.Dog();\n"
            + "    await(sleep(0));\n"
            + "    return done(String.valueOf(animal));\n"
            + "  }\n"
            + "  public static void main(String[] args) {\n"
            + "    System.out.println(\"loaded \" + Zoo.class.getSimpleName());\n"
            + "    try {\n"
            + "      run(() -> pick(false));\n"
            + "    } catch (Throwable t) {\n"
            + "      System.out.println(\"call: \" + t.getClass().getSimpleName());\n"
            + "    }\n"
            + "  }\n"
            + "}\n"));
    java.nio.file.Files.delete(app.resolve("dep/Cat.class"));

    ChildJvm.Result result = underAgent(ChildJvm.currentJava(), app, "app.Zoo");

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().startsWith("loaded Zoo"), result.toString());
    assertTrue(result.stdout().contains("call: IllegalStateException"), result.toString());
    assertEquals(1, result.weftLines().size(), result.toString());
    assertTrue(result.stderr().contains("cannot find class dep.Cat"), result.toString());
  }

  /** DESIGN.md: the agent coexists with other agents, JaCoCo's at least; both orders of -javaagent. */
  @ParameterizedTest(name = "JaCoCo {0}")
  @ValueSource(strings = {"first", "second"})
  void coexistsWithJacocosAgent(final String jacocoPosition) throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Hello.java", HELLO));
    Path exec = temp.resolve("jacoco.exec");
    String jacoco = "-javaagent:" + jacocoAgentJar() + "=destfile=" + exec + ",includes=app.*";
    String weft = "-javaagent:" + ChildJvm.agentJar();
    boolean first = jacocoPosition.equals("first");

    ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), temp, first ? jacoco : weft, first ? weft : jacoco,
        "-cp", ChildJvm.classpath(ChildJvm.runtime(), app), "app.Hello");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("[hello a, hello b, hello c]", result.stdout().strip(), result.toString());
    assertEquals(List.of(), result.weftLines(), result.toString());
    assertTrue(java.nio.file.Files.size(exec) > 0, "JaCoCo wrote no coverage data");
  }

  private static Path jacocoAgentJar() {
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("org.jacoco.agent-")) {
        return Path.of(entry);
      }
    }
    throw new AssertionError("JaCoCo's agent jar is not on the test class path");
  }

  private static Path java(final String jdk) {
    return jdk.equals("25") ? ChildJvm.java25() : ChildJvm.currentJava();
  }

  private ChildJvm.Result underAgent(final Path java, final Path app, final String... mainAndArgs)
      throws Exception {
    Path jar = ChildJvm.agentJar();
    String[] args = new String[3 + mainAndArgs.length];
    args[0] = "-javaagent:" + jar;
    args[1] = "-cp";
    args[2] = ChildJvm.classpath(ChildJvm.runtime(), app);
    System.arraycopy(mainAndArgs, 0, args, 3, mainAndArgs.length);
    return ChildJvm.run(java, temp, args);
  }
}
