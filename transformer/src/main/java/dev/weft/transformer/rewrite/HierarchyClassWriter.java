package dev.weft.transformer.rewrite;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * A class writer that computes frames (for the methods it is given as code; unchanged methods are copied from the
 * reader as they are) and answers {@link #getCommonSuperClass} from class files, never by loading classes.
 */
public final class HierarchyClassWriter extends ClassWriter {

  private final ClassHierarchy hierarchy;

  public HierarchyClassWriter(final ClassReader reader, final ClassHierarchy hierarchy) {
    super(reader, ClassWriter.COMPUTE_FRAMES);
    this.hierarchy = hierarchy;
  }

  @Override
  protected String getCommonSuperClass(final String type1, final String type2) {
    return hierarchy.commonSuperClass(type1, type2);
  }

  @Override
  protected ClassLoader getClassLoader() {
    throw new IllegalStateException("the transformer never loads classes");
  }
}
