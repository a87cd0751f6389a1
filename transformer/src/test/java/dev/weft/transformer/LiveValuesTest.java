package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A suspended method keeps alive only what it still needs: a local that is dead after the await is not saved, so
 * the garbage collector can take it while the method waits; a live one is kept.
 */
class LiveValuesTest {

  private static final String SOURCE = ""
      + "package fixtures;\n"
      + "import static dev.weft.Weft.*;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import java.lang.ref.WeakReference;\n"
      + "public class Live {\n"
      + "  public static WeakReference<Object> dead;\n"
      + "  public static WeakReference<Object> live;\n"
      + "  @Async public static Task<Integer> hold(Task<Integer> gate) {\n"
      + "    Object big = new byte[1 << 20];\n"
      + "    Object kept = new byte[1 << 20];\n"
      + "    dead = new WeakReference<>(big);\n"
      + "    live = new WeakReference<>(kept);\n"
      + "    int size = ((byte[]) big).length;\n"
      + "    int v = await(gate);\n"
      + "    return done(v + size + ((byte[]) kept).length);\n"
      + "  }\n"
      + "}\n";

  @Test
  void deadLocalsAreNotRetainedAcrossASuspension() throws Exception {
    Map<String, byte[]> classes = Transforming.transformAll(
        InMemoryCompiler.compile(Map.of("fixtures.Live", SOURCE), List.of("--release", "17", "-g")));
    Class<?> live = new ClassBytesLoader(classes).loadClass("fixtures.Live");
    Promise<Integer> gate = new Promise<>();
    @SuppressWarnings("unchecked")
    Task<Integer> task = (Task<Integer>) live.getMethod("hold", Task.class).invoke(null, gate);
    WeakReference<?> dead = (WeakReference<?>) live.getField("dead").get(null);
    WeakReference<?> kept = (WeakReference<?>) live.getField("live").get(null);

    for (int i = 0; i < 10 && dead.get() != null; i++) {
      System.gc();
    }

    assertEquals(null, dead.get(), "a local dead after the await was retained by the suspended task");
    assertEquals(true, kept.get() != null, "a live local was lost");
    gate.complete(1);
    assertEquals(1 + 2 * (1 << 20), task.join());
  }
}
