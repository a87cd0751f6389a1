package dev.weft.transformer.support;

import dev.weft.transformer.AsyncClassTransformer;
import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import java.util.Map;
import java.util.TreeMap;

/** Transforms a set of compiled classes the way the plugin does: all together, each seeing the others. */
public final class Transforming {

  private Transforming() {}

  /** Transforms {@code classes}; fails on any rejection, printing the diagnostics. */
  public static Map<String, byte[]> transformAll(final Map<String, byte[]> classes) {
    return transformAll(classes, ClassFileLocator.NONE);
  }

  /** As {@link #transformAll(Map)}, with {@code jdk} consulted before the running JDK's classes. */
  public static Map<String, byte[]> transformAll(final Map<String, byte[]> classes, final ClassFileLocator jdk) {
    Map<String, TransformResult> results = results(classes, jdk);
    Map<String, byte[]> out = new TreeMap<>();
    results.forEach((name, result) -> {
      if (result.status() == TransformResult.Status.REJECTED) {
        throw new AssertionError("rejected " + name + ":\n" + result.diagnostics());
      }
      out.put(name, result.bytes());
    });
    return out;
  }

  /** The transformer's result for each class. */
  public static Map<String, TransformResult> results(final Map<String, byte[]> classes) {
    return results(classes, ClassFileLocator.NONE);
  }

  /** As {@link #results(Map)}, with {@code jdk} consulted before the running JDK's classes. */
  public static Map<String, TransformResult> results(final Map<String, byte[]> classes,
      final ClassFileLocator jdk) {
    ClassFileLocator locator = ClassFileLocator.compound(name -> classes.get(name), jdk,
        ClassFileLocator.forClassLoader(Transforming.class.getClassLoader()));
    AsyncClassTransformer transformer = new AsyncClassTransformer(locator);
    Map<String, TransformResult> results = new TreeMap<>();
    classes.forEach((name, bytes) -> {
      try {
        results.put(name, transformer.transform(bytes));
      } catch (TransformException e) {
        throw new AssertionError(name, e);
      }
    });
    return results;
  }
}
