package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jar's start-up layout (issue 6): under {@code -javaagent} its classes load through the bootstrap loader
 * ({@code Boot-Class-Path} names the jar itself), read from stored entries. Proves: the manifest entry and the
 * stored entries are in the packaged jar; in a child JVM (JDK 17 and 25) the agent's classes have the bootstrap
 * loader, an {@code @Async} program runs, and the transformer's original package is not on the boot class path to
 * shadow an application's own copy; a renamed jar, whose entry then names no file, still works from the system class
 * path.
 */
class BootClassPathIT {

  @TempDir
  Path temp;

  /** Prints its greeting, the loader of the agent's classes and whether dev.weft.transformer is visible. */
  private static final String MAIN = "package app;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import static dev.weft.Weft.*;\n"
      + "public class Main {\n"
      + "  @Async\n"
      + "  static Task<String> greet(String name) {\n"
      + "    await(sleep(0));\n"
      + "    return done(\"hello \" + name);\n"
      + "  }\n"
      + "  static String loaderOf(String name) {\n"
      + "    try {\n"
      + "      ClassLoader l = Class.forName(name, false, Main.class.getClassLoader()).getClassLoader();\n"
      + "      return l == null ? \"boot\" : l == ClassLoader.getSystemClassLoader() ? \"system\" : l.toString();\n"
      + "    } catch (ClassNotFoundException e) {\n"
      + "      return \"absent\";\n"
      + "    }\n"
      + "  }\n"
      + "  public static void main(String[] args) {\n"
      + "    System.out.println(run(() -> greet(\"world\")));\n"
      + "    System.out.println(loaderOf(\"dev.weft.agent.WeftAgent\") + ' '\n"
      + "        + loaderOf(\"dev.weft.agent.shaded.transformer.AsyncClassTransformer\") + ' '\n"
      + "        + loaderOf(\"dev.weft.transformer.AsyncClassTransformer\"));\n"
      + "  }\n"
      + "}\n";

  @Test
  void jarNamesItselfOnTheBootClassPathAndStoresItsEntries() throws Exception {
    Path jar = ChildJvm.agentJar();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(jar.getFileName().toString(), file.getManifest().getMainAttributes().getValue("Boot-Class-Path"));
      List<String> compressed = file.stream()
          .filter(e -> e.getMethod() != ZipEntry.STORED)
          .map(ZipEntry::getName)
          .toList();
      assertEquals(List.of(), compressed, "entries the JVM would have to inflate at start-up");
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void underJavaagentTheAgentsClassesLoadThroughTheBootLoader(final String jdk) throws Exception {
    Path java = jdk.equals("25") ? ChildJvm.java25() : ChildJvm.currentJava();

    ChildJvm.Result result = run(java, ChildJvm.agentJar());

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(List.of("hello world", "boot boot absent"), result.stdout().strip().lines().toList(),
        result.toString());
    assertEquals("", result.stderr(), result.toString());
  }

  @Test
  void aRenamedJarLoadsFromTheSystemClassPath() throws Exception {
    Path renamed = Files.copy(ChildJvm.agentJar(), Files.createDirectory(temp.resolve("lib")).resolve("weft-agent.jar"));

    ChildJvm.Result result = run(ChildJvm.currentJava(), renamed);

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(List.of("hello world", "system system absent"), result.stdout().strip().lines().toList(),
        result.toString());
    assertEquals("", result.stderr(), result.toString());
  }

  private ChildJvm.Result run(final Path java, final Path agentJar) throws Exception {
    Path app = Javac.compile(temp.resolve("src"), temp.resolve("app"), Map.of("app/Main.java", MAIN));
    return ChildJvm.run(java, temp, "-javaagent:" + agentJar, "-cp", ChildJvm.classpath(ChildJvm.runtime(), app),
        "app.Main");
  }
}
