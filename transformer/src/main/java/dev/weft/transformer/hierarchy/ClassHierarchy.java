package dev.weft.transformer.hierarchy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * The class hierarchy as read from class files through a {@link ClassFileLocator}: never loads or initialises a
 * class. Answers the questions that type merging and frame computation ask (super class, interfaces,
 * assignability, common super class).
 *
 * <p>Thread-safe; results are cached per instance.
 */
public final class ClassHierarchy {

  /** What the hierarchy needs of one class. */
  public record ClassInfo(String name, int access, String superName, List<String> interfaces) {
    /** Is it an interface? */
    public boolean isInterface() {
      return (access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }
  }

  private final ClassFileLocator classFiles;
  private final Map<String, ClassInfo> cache = new ConcurrentHashMap<>();

  /** @param classFiles where to read classes; never null */
  public ClassHierarchy(final ClassFileLocator classFiles) {
    this.classFiles = classFiles;
  }

  /** Registers a class known from elsewhere (the class being transformed), so it is not looked up. */
  public void add(final ClassInfo info) {
    cache.putIfAbsent(info.name(), info);
  }

  /**
   * @param internalName e.g. {@code java/util/ArrayList}
   * @return the class's info; never null
   * @throws MissingClassException when no class file for it can be found or read
   */
  public ClassInfo info(final String internalName) {
    ClassInfo info = cache.get(internalName);
    if (info == null) {
      info = read(internalName);
      cache.put(internalName, info);
    }
    return info;
  }

  private ClassInfo read(final String internalName) {
    byte[] bytes;
    try {
      bytes = classFiles.locate(internalName);
    } catch (IOException | RuntimeException e) {
      throw new MissingClassException(internalName, e);
    }
    if (bytes == null) {
      throw new MissingClassException(internalName, null);
    }
    try {
      ClassReader reader = new ClassReader(bytes);
      return new ClassInfo(internalName, reader.getAccess(), reader.getSuperName(), List.of(reader.getInterfaces()));
    } catch (RuntimeException malformed) {
      throw new MissingClassException(internalName, malformed);
    }
  }

  /** Is {@code internalName} an interface? */
  public boolean isInterface(final String internalName) {
    return info(internalName).isInterface();
  }

  /** The super class, or null for {@code java/lang/Object} (and for interfaces: {@code java/lang/Object}). */
  public String superName(final String internalName) {
    return info(internalName).superName();
  }

  /**
   * Is a value of class {@code sub} assignable to {@code sup} (both internal names of classes or interfaces,
   * not arrays)? Exact, interfaces included: used to merge types at join points, whose result becomes a
   * {@code checkcast} on resume.
   */
  public boolean isSubclassOrImplementation(final String sub, final String sup) {
    if (sub.equals(sup) || "java/lang/Object".equals(sup)) {
      return true;
    }
    List<String> pending = new ArrayList<>();
    pending.add(sub);
    while (!pending.isEmpty()) {
      String name = pending.remove(pending.size() - 1);
      if (name.equals(sup)) {
        return true;
      }
      ClassInfo info = info(name);
      if (info.superName() != null) {
        pending.add(info.superName());
      }
      pending.addAll(info.interfaces());
    }
    return false;
  }

  /**
   * The nearest class at or above {@code internalName} that code in package {@code fromPackage} may name in a
   * {@code checkcast}: a merged type can be a package-private class of another package (the verifier does not
   * mind, but a cast to it fails with {@code IllegalAccessError}). Any accessible ancestor is still precise enough:
   * code that uses the value names an accessible class, which lies on the same super-class chain.
   */
  public String accessibleAncestor(final String internalName, final String fromPackage) {
    String name = internalName;
    while (name != null) {
      ClassInfo info = info(name);
      int slash = name.lastIndexOf('/');
      String pkg = slash < 0 ? "" : name.substring(0, slash);
      if ((info.access() & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0 || pkg.equals(fromPackage)) {
        return name;
      }
      name = info.isInterface() ? "java/lang/Object" : info.superName();
    }
    return "java/lang/Object";
  }

  /**
   * The most specific common super class of two classes, as the JVM's verifier sees it: interfaces count as
   * {@code java/lang/Object}. Used for {@code ClassWriter.getCommonSuperClass}.
   */
  public String commonSuperClass(final String a, final String b) {
    if (a.equals(b)) {
      return a;
    }
    if (isSubclassOrImplementation(b, a) && !isInterface(a)) {
      return a;
    }
    if (isSubclassOrImplementation(a, b) && !isInterface(b)) {
      return b;
    }
    if (isInterface(a) || isInterface(b)) {
      return "java/lang/Object";
    }
    String candidate = a;
    do {
      candidate = superName(candidate);
      if (candidate == null) {
        return "java/lang/Object";
      }
    } while (!isSubclassOrImplementation(b, candidate));
    return candidate;
  }
}
