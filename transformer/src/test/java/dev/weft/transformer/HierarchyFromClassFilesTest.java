package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type merges at suspension points use class files found through the locator, never the transformer's own class
 * path: the dependency classes here exist only in a temporary directory.
 */
class HierarchyFromClassFilesTest {

  private static final String DEP = ""
      + "package dep;\n"
      + "public class Animal { public String name() { return getClass().getSimpleName(); } }\n";

  private static final String USER = ""
      + "package fixtures;\n"
      + "import static dev.weft.Weft.*;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "public class Zoo {\n"
      + "  @Async public static Task<String> pick(boolean first) {\n"
      + "    Object animal = first ? new dep.Cat() : new dep.Dog();\n"
      + "    dep.Animal typed = first ? new dep.Cat() : new dep.Dog();\n"
      + "    await(sleep(0));\n"
      + "    return done(typed.name() + animal);\n"
      + "  }\n"
      + "}\n";

  @Test
  void mergesReadTheHierarchyFromClassFilesAndFailClearlyWithoutThem(@TempDir final Path deps)
      throws Exception {
    Map<String, String> sources = new HashMap<>();
    sources.put("dep.Animal", DEP);
    sources.put("dep.Cat", "package dep; public class Cat extends Animal { public String toString() { return \"!\"; } }");
    sources.put("dep.Dog", "package dep; public class Dog extends Animal {}");
    sources.put("fixtures.Zoo", USER);
    Map<String, byte[]> classes = InMemoryCompiler.compile(sources, List.of("--release", "17", "-g"));
    for (String dep : List.of("dep/Animal", "dep/Cat", "dep/Dog")) {
      Path file = deps.resolve(dep + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, classes.get(dep));
    }
    ClassFileLocator runtime = ClassFileLocator.forClassLoader(getClass().getClassLoader());

    TransformResult without = new AsyncClassTransformer(runtime).transform(classes.get("fixtures/Zoo"));
    assertEquals(TransformResult.Status.REJECTED, without.status());
    String error = without.diagnostics().get(0).format();
    assertTrue(error.contains("cannot find class dep."), error);
    assertTrue(error.contains("fixtures/Zoo.java:"), error);

    try (ClassFileLocator.Closeable depsDir = ClassFileLocator.forPaths(List.of(deps))) {
      TransformResult with = new AsyncClassTransformer(ClassFileLocator.compound(depsDir, runtime))
          .transform(classes.get("fixtures/Zoo"));
      assertEquals(TransformResult.Status.TRANSFORMED, with.status(), () -> with.diagnostics().toString());
      Map<String, byte[]> all = new HashMap<>(classes);
      all.put("fixtures/Zoo", with.bytes());
      Verification.verifyAll(all);
      Class<?> zoo = new ClassBytesLoader(all).loadClass("fixtures.Zoo");
      Object cat = dev.weft.Weft.run(() -> invoke(zoo, true));
      Object dog = dev.weft.Weft.run(() -> invoke(zoo, false));
      assertEquals("Cat!", cat);
      assertTrue(String.valueOf(dog).startsWith("Dogdep.Dog@"), String.valueOf(dog));
    }
  }

  @SuppressWarnings("unchecked")
  private static dev.weft.Task<Object> invoke(final Class<?> zoo, final boolean first) {
    try {
      return (dev.weft.Task<Object>) zoo.getMethod("pick", boolean.class).invoke(null, first);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
