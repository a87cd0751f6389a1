package dev.weft.transformer.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM's verdict on rewritten JDK classes, in their own modules: a child JVM of that JDK starts with its modules
 * patched with the class files ({@code --patch-module}), verifies every class it loads, the boot loader's included
 * ({@code -XX:+BytecodeVerificationLocal}; by default the JVM trusts them), then ({@link #main}) loads each class
 * through its module's loader and links it ({@code getDeclaredMethods} links first), without initialising it.
 *
 * <p>Unlike a user class loader, this checks {@code java.*} too, and each class links where it belongs: sealed
 * hierarchies, qualified exports and loader constraints hold as in the JDK. The child also boots on the rewritten
 * classes it needs, so a rewrite that changed what a class does would show there as well.
 */
public final class PatchedJdkLink {

  /**
   * What the child JVM reported.
   *
   * @param linked how many classes linked
   * @param failures class to error, for those that did not
   */
  public record Report(int linked, Map<String, String> failures) {}

  private PatchedJdkLink() {}

  /**
   * Writes {@code classes} under a temporary directory, one folder per module, and links them in a child JVM.
   *
   * @param home the JDK whose image the classes come from
   * @param classes class file by internal name, per module name
   */
  public static Report link(final Path home, final Map<String, Map<String, byte[]>> classes) throws IOException,
      InterruptedException {
    Path work = Files.createTempDirectory("weft-patched-jdk");
    String output;
    try {
      output = runChild(home, classes, work);
    } finally {
      try (Stream<Path> files = Files.walk(work)) { // a whole image is some 100 MB
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
    int linked = -1;
    Map<String, String> failures = new TreeMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("linked") && parts.length == 2) {
        linked = Integer.parseInt(parts[1].trim());
      } else if (parts[0].equals("failure") && parts.length == 3) {
        failures.put(parts[1], parts[2]);
      }
    }
    int reported = linked;
    assertTrue(reported >= 0, () -> "unexpected child output:\n" + output);
    return new Report(reported, failures);
  }

  private static String runChild(final Path home, final Map<String, Map<String, byte[]>> classes, final Path work)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of("-XX:+UnlockDiagnosticVMOptions",
        "-XX:+BytecodeVerificationLocal", "-XX:+BytecodeVerificationRemote", "--add-modules", "ALL-SYSTEM"));
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Map<String, byte[]>> module : classes.entrySet()) {
      Path dir = work.resolve("patches").resolve(module.getKey());
      ExternalCompiler.write(module.getValue(), dir);
      arguments.add("--patch-module");
      arguments.add(module.getKey() + "=" + dir);
      module.getValue().keySet().forEach(name -> names.add(module.getKey() + " " + name));
    }
    arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), PatchedJdkLink.class.getName(),
        work.resolve("classes.txt").toString()));
    Files.write(work.resolve("classes.txt"), names);
    Files.write(work.resolve("java.args"), arguments);
    Process child = new ProcessBuilder(home.resolve("bin/java").toString(), "@" + work.resolve("java.args"))
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(600, TimeUnit.SECONDS), "child JVM hung");
    assertEquals(0, child.exitValue(), () -> "child JVM on the patched image failed:\n" + output);
    return output;
  }

  /**
   * Child entry: {@code <list file>}, lines of {@code <module> <internal name>}. Prints one line
   * {@code failure <name> <error>} per class that does not load or link, then {@code linked N}.
   */
  public static void main(final String[] args) throws IOException {
    int linked = 0;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] parts = line.split(" ");
      Optional<Module> module = ModuleLayer.boot().findModule(parts[0]);
      try {
        if (module.isEmpty()) {
          throw new IllegalStateException("module " + parts[0] + " not in the boot layer");
        }
        Class.forName(parts[1].replace('/', '.'), false, module.get().getClassLoader()).getDeclaredMethods();
        linked++;
      } catch (LinkageError | ReflectiveOperationException | RuntimeException failed) {
        System.out.println("failure " + parts[1] + " " + failed.toString().replace('\n', ' '));
      }
    }
    System.out.println("linked " + linked);
  }
}
