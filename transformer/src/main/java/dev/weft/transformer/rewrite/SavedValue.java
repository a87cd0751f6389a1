package dev.weft.transformer.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * One value kept across a suspension: its category, the type it is restored as, and its slot in the coroutine's
 * save area (references and primitives have separate areas). Knows the bytecode that saves it (taking it from the
 * top of the stack) and restores it (pushing it).
 *
 * @param category how it is stored
 * @param castType internal name for the {@code checkcast} after restoring a reference; null for none
 * @param slot index in the area of its category; unused for {@link Category#NULL}
 */
record SavedValue(Category category, String castType, int slot) {

  /** How a value is stored. {@code NULL} is the constant null: nothing is stored, {@code aconst_null} restores it. */
  enum Category {
    REF("Ljava/lang/Object;", "Ref", Opcodes.ALOAD, Opcodes.ASTORE),
    INT("I", "Int", Opcodes.ILOAD, Opcodes.ISTORE),
    FLOAT("F", "Float", Opcodes.FLOAD, Opcodes.FSTORE),
    LONG("J", "Long", Opcodes.LLOAD, Opcodes.LSTORE),
    DOUBLE("D", "Double", Opcodes.DLOAD, Opcodes.DSTORE),
    NULL("Ljava/lang/Object;", null, Opcodes.ALOAD, Opcodes.ASTORE);

    final String desc;
    final String suffix;
    final int load;
    final int store;

    Category(final String desc, final String suffix, final int load, final int store) {
      this.desc = desc;
      this.suffix = suffix;
      this.load = load;
      this.store = store;
    }

    boolean isPrimitive() {
      return this != REF && this != NULL;
    }
  }

  /** Appends code taking this value from the top of the stack into the save area of the coroutine in {@code c}. */
  void emitSave(final InsnList code, final int coroutineSlot) {
    if (category == Category.NULL) {
      code.add(new InsnNode(Opcodes.POP));
      return;
    }
    code.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot));
    code.add(pushInt(slot));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.COROUTINE, "save" + category.suffix,
        "(" + category.desc + RuntimeApi.COROUTINE_DESC + "I)V", false));
  }

  /** Appends code pushing this value back from the save area. */
  void emitRestore(final InsnList code, final int coroutineSlot) {
    if (category == Category.NULL) {
      code.add(new InsnNode(Opcodes.ACONST_NULL));
      return;
    }
    code.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot));
    code.add(pushInt(slot));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.COROUTINE, "restore" + category.suffix,
        "(" + RuntimeApi.COROUTINE_DESC + "I)" + category.desc, false));
    if (castType != null) {
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, castType));
    }
  }

  /** Appends code loading local {@code index} of this value's category. */
  void emitLoadLocal(final InsnList code, final int index) {
    code.add(new VarInsnNode(category.load, index));
  }

  /** Appends code storing the top of the stack into local {@code index}. */
  void emitStoreLocal(final InsnList code, final int index) {
    code.add(new VarInsnNode(category.store, index));
  }

  /** The category of a value of type {@code type} as the analysis knows it, or null for an unusable (top) value. */
  static Category categoryOf(final Type type) {
    if (type == null) {
      return null;
    }
    switch (type.getSort()) {
      case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT:
        return Category.INT;
      case Type.FLOAT:
        return Category.FLOAT;
      case Type.LONG:
        return Category.LONG;
      case Type.DOUBLE:
        return Category.DOUBLE;
      case Type.ARRAY:
        return Category.REF;
      case Type.OBJECT:
        return type.getInternalName().equals("null") ? Category.NULL : Category.REF;
      default:
        return null;
    }
  }

  /** The shortest instruction pushing {@code value}. */
  static org.objectweb.asm.tree.AbstractInsnNode pushInt(final int value) {
    if (value >= -1 && value <= 5) {
      return new InsnNode(Opcodes.ICONST_0 + value);
    }
    if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      return new IntInsnNode(Opcodes.BIPUSH, value);
    }
    if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      return new IntInsnNode(Opcodes.SIPUSH, value);
    }
    return new LdcInsnNode(value);
  }
}
