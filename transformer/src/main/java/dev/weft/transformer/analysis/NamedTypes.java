package dev.weft.transformer.analysis;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The classes a class's own code names (in type instructions, member owners and descriptors). A restored value may
 * be cast to any of them: the code already depends on reaching them, so the cast adds no access the class lacks.
 */
public final class NamedTypes {

  private NamedTypes() {
    throw new AssertionError();
  }

  /** Internal names of the classes named by {@code owner}'s methods. */
  public static Set<String> of(final ClassNode owner) {
    Set<String> names = new HashSet<>();
    names.add(owner.name);
    for (MethodNode method : owner.methods) {
      addMethodType(names, method.desc);
      if (method.instructions == null) {
        continue;
      }
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof TypeInsnNode type) {
          add(names, Type.getObjectType(type.desc));
        } else if (insn instanceof MethodInsnNode call) {
          add(names, Type.getObjectType(call.owner));
          addMethodType(names, call.desc);
        } else if (insn instanceof FieldInsnNode field) {
          add(names, Type.getObjectType(field.owner));
          add(names, Type.getType(field.desc));
        } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Type type && type.getSort() != Type.METHOD) {
          add(names, type);
        } else if (insn instanceof MultiANewArrayInsnNode array) {
          add(names, Type.getType(array.desc));
        }
      }
    }
    return names;
  }

  private static void addMethodType(final Set<String> names, final String desc) {
    for (Type arg : Type.getArgumentTypes(desc)) {
      add(names, arg);
    }
    add(names, Type.getReturnType(desc));
  }

  private static void add(final Set<String> names, final Type type) {
    Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
    if (element.getSort() == Type.OBJECT) {
      names.add(element.getInternalName());
    }
  }
}
