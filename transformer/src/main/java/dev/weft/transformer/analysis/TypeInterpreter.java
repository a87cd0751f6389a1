package dev.weft.transformer.analysis;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Precise value types for the data-flow analysis of an {@code @Async} method, from a class hierarchy read from
 * class files: ASM's {@link SimpleVerifier} with every class question answered by {@link ClassHierarchy} (so no
 * class is ever loaded), without its verification (the input was verified by the compiler; the output is checked
 * by the JVM), and with {@code NEW} results tracked as {@link UninitializedValue}s.
 */
final class TypeInterpreter extends SimpleVerifier {

  private final ClassHierarchy hierarchy;

  TypeInterpreter(final ClassHierarchy hierarchy, final Type currentClass, final Type superClass,
      final List<Type> interfaces, final boolean isInterface) {
    super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
    this.hierarchy = hierarchy;
  }

  @Override
  public BasicValue newOperation(final AbstractInsnNode insn) throws AnalyzerException {
    if (insn.getOpcode() == Opcodes.NEW) {
      return new UninitializedValue(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
    }
    return super.newOperation(insn);
  }

  @Override
  public BasicValue merge(final BasicValue value1, final BasicValue value2) {
    if ((value1 instanceof UninitializedValue || value2 instanceof UninitializedValue) && !value1.equals(value2)) {
      return BasicValue.UNINITIALIZED_VALUE;
    }
    return super.merge(value1, value2);
  }

  @Override
  protected boolean isSubTypeOf(final BasicValue value, final BasicValue expected) {
    return true; // no verification: types are computed, not checked
  }

  @Override
  protected boolean isInterface(final Type type) {
    return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
  }

  @Override
  protected Type getSuperClass(final Type type) {
    String superName = hierarchy.superName(type.getInternalName());
    return superName == null ? null : Type.getObjectType(superName);
  }

  @Override
  protected boolean isAssignableFrom(final Type type1, final Type type2) {
    if (type1.equals(type2)) {
      return true;
    }
    if (type1.getSort() == Type.ARRAY) {
      if (type2.getSort() != Type.ARRAY) {
        return false;
      }
      Type e1 = Type.getType(type1.getDescriptor().substring(1));
      Type e2 = Type.getType(type2.getDescriptor().substring(1));
      boolean refs = (e1.getSort() == Type.OBJECT || e1.getSort() == Type.ARRAY)
          && (e2.getSort() == Type.OBJECT || e2.getSort() == Type.ARRAY);
      return refs ? isAssignableFrom(e1, e2) : e1.equals(e2);
    }
    if (type1.getSort() != Type.OBJECT) {
      return false;
    }
    String target = type1.getInternalName();
    if (type2.getSort() == Type.ARRAY) {
      return target.equals("java/lang/Object") || target.equals("java/lang/Cloneable")
          || target.equals("java/io/Serializable");
    }
    if (type2.getSort() != Type.OBJECT) {
      return false;
    }
    if (type2.getInternalName().equals("null")) {
      return true;
    }
    return hierarchy.isSubclassOrImplementation(type2.getInternalName(), target);
  }

  @Override
  protected Class<?> getClass(final Type type) {
    throw new IllegalStateException("the transformer never loads classes: " + type);
  }
}
