package dev.weft.transformer.rewrite;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Copies a class from its reader to the writer, replacing rewritten methods: the stub takes the original's place,
 * the bodies and bridges are appended, and the class gets the marker annotation. Every other method reaches the
 * writer untouched, so the writer copies its bytes as they were.
 */
final class MethodSwap extends ClassVisitor {

  private final Map<String, MethodNode> replacements;
  private final List<MethodNode> additions;
  /** The name of the rewritten method being written, for errors from the writer; null before the first. */
  private String writing;

  /**
   * @param replacements stub by original {@code name + desc}
   * @param additions bodies and bridges, in output order
   */
  MethodSwap(final ClassVisitor next, final Map<String, MethodNode> replacements, final List<MethodNode> additions) {
    super(Opcodes.ASM9, next);
    this.replacements = replacements;
    this.additions = additions;
  }

  @Override
  public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
      final String signature, final String[] exceptions) {
    MethodNode replacement = replacements.get(name + descriptor);
    if (replacement != null) {
      writing = replacement.name;
      replacement.accept(cv);
      return null;
    }
    return super.visitMethod(access, name, descriptor, signature, exceptions);
  }

  /** The name of the rewritten method being written (its frames are computed then), or null. */
  String writing() {
    return writing;
  }

  @Override
  public void visitEnd() {
    for (MethodNode method : additions) {
      writing = method.name;
      method.accept(cv);
    }
    AnnotationVisitor marker = cv.visitAnnotation(RuntimeApi.TRANSFORMED_DESC, false);
    if (marker != null) {
      marker.visitEnd();
    }
    super.visitEnd();
  }
}
