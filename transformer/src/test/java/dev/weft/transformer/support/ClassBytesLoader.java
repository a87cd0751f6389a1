package dev.weft.transformer.support;

import java.util.Map;

/** A fresh class loader defining the given class files; everything else comes from its parent. */
public final class ClassBytesLoader extends ClassLoader {

  private final Map<String, byte[]> classes;

  /** @param classes class files by internal name */
  public ClassBytesLoader(final Map<String, byte[]> classes) {
    super(ClassBytesLoader.class.getClassLoader());
    this.classes = classes;
  }

  @Override
  protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      byte[] bytes = classes.get(name.replace('.', '/'));
      if (bytes == null) {
        return super.loadClass(name, resolve);
      }
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = defineClass(name, bytes, 0, bytes.length);
      }
      return loaded;
    }
  }
}
