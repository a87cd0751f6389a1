package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.WeftStats;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resumption never grows the stack: long loops of awaits, and deep async recursion that suspends. */
class DeepChainsTest {

  private static final String SOURCE = ""
      + "package fixtures;\n"
      + "import static dev.weft.Weft.*;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "public class Deep {\n"
      + "  @Async public static Task<Long> completeAwaits(int n) {\n"
      + "    long sum = 0;\n"
      + "    Task<Integer> one = done(1);\n"
      + "    for (int i = 0; i < n; i++) { sum += await(one); }\n"
      + "    return done(sum);\n"
      + "  }\n"
      + "  @Async public static Task<Long> suspendingAwaits(int n) {\n"
      + "    long sum = 0;\n"
      + "    for (int i = 0; i < n; i++) { await(sleep(0)); sum += i; }\n"
      + "    return done(sum);\n"
      + "  }\n"
      + "  @Async public static Task<Integer> recurse(int depth) {\n"
      + "    await(sleep(0));\n"
      + "    if (depth == 0) { return done(0); }\n"
      + "    return done(1 + await(recurse(depth - 1)));\n"
      + "  }\n"
      + "}\n";

  private static Class<?> deep() throws ClassNotFoundException {
    Map<String, byte[]> classes = Transforming.transformAll(
        InMemoryCompiler.compile(Map.of("fixtures.Deep", SOURCE), List.of("--release", "17", "-g")));
    return new ClassBytesLoader(classes).loadClass("fixtures.Deep");
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> call(final Class<?> deep, final String method, final int n) {
    try {
      return (Task<T>) deep.getMethod(method, int.class).invoke(null, n);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aMillionCompleteAwaitsNeverSuspend() throws Exception {
    Class<?> deep = deep();
    WeftStats.reset();
    long sum = Weft.run(() -> call(deep, "completeAwaits", 1_000_000));
    assertEquals(1_000_000L, sum);
    assertEquals(0, WeftStats.suspensions());
  }

  @Test
  void aHundredThousandSuspensionsInALoop() throws Exception {
    Class<?> deep = deep();
    WeftStats.reset();
    long sum = Weft.run(() -> call(deep, "suspendingAwaits", 100_000));
    assertEquals(100_000L * 99_999L / 2, sum);
    assertEquals(100_000, WeftStats.suspensions());
  }

  @Test
  void tenThousandDeepRecursionThatSuspendsBeforeRecursing() throws Exception {
    Class<?> deep = deep();
    int depth = Weft.run(() -> call(deep, "recurse", 10_000));
    assertEquals(10_000, depth);
  }
}
