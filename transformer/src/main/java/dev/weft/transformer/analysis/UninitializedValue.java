package dev.weft.transformer.analysis;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * The result of a {@code NEW} whose constructor has not run yet. The JVM forbids storing it anywhere but the
 * operand stack and locals, so a suspension point must know where such values are. Two values are equal only
 * when they come from the same {@code NEW}.
 */
public final class UninitializedValue extends BasicValue {

  /** The {@code NEW} instruction that made it. */
  public final AbstractInsnNode newInsn;

  UninitializedValue(final Type type, final AbstractInsnNode newInsn) {
    super(type);
    this.newInsn = newInsn;
  }

  /** The class being constructed if {@code value} is an uninitialised object, else null. */
  public static String classOf(final BasicValue value) {
    return value instanceof UninitializedValue ? value.getType().getInternalName() : null;
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof UninitializedValue u && u.newInsn == newInsn;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(newInsn);
  }

  @Override
  public String toString() {
    return "uninitialized " + getType().getInternalName();
  }
}
