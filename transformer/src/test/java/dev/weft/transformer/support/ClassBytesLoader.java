package dev.weft.transformer.support;

import java.util.Map;
import java.util.function.Function;

/** A fresh class loader defining the given class files; everything else comes from its parent. */
public final class ClassBytesLoader extends ClassLoader {

  private final Function<String, byte[]> classes;

  /** @param classes class files by internal name */
  public ClassBytesLoader(final Map<String, byte[]> classes) {
    this(classes::get);
  }

  /** @param classes the class file for an internal name, or null when the parent is to load it */
  public ClassBytesLoader(final Function<String, byte[]> classes) {
    super(ClassBytesLoader.class.getClassLoader());
    this.classes = classes;
  }

  @Override
  protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded != null) {
        return loaded;
      }
      byte[] bytes = classes.apply(name.replace('.', '/'));
      if (bytes == null) {
        return super.loadClass(name, resolve);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
