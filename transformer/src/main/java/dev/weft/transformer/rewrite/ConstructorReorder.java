package dev.weft.transformer.rewrite;

import dev.weft.transformer.analysis.UninitializedValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Makes {@code new Foo(a, await(x))} suspendable. javac emits {@code NEW Foo; DUP; a; await(x); INVOKESPECIAL
 * <init>}, leaving an uninitialised object on the stack at the suspension, which cannot be saved. For each such
 * {@code NEW} (Kotlin's approach), the pair {@code NEW; DUP} moves to just before the constructor call: the
 * arguments go to fresh locals, then {@code NEW; DUP}, the arguments back, and {@code <init>}.
 *
 * <p>Class initialisation stays where {@code NEW} stood: there the rewrite calls
 * {@code Class.forName("Foo", true, <this class's loader>)}, which initialises {@code Foo} exactly as the
 * {@code NEW} would have (and does nothing once it is initialised).
 */
public final class ConstructorReorder {

  private ConstructorReorder() {
    throw new AssertionError();
  }

  /** The {@code NEW} instructions whose objects are uninitialised on the stack at one of {@code awaits}. */
  public static Set<TypeInsnNode> newsAcrossAwaits(final MethodNode method, final List<MethodInsnNode> awaits,
      final Frame<BasicValue>[] frames) {
    Set<TypeInsnNode> found = new LinkedHashSet<>();
    for (MethodInsnNode await : awaits) {
      Frame<BasicValue> frame = frames[method.instructions.indexOf(await)];
      if (frame == null) {
        continue;
      }
      for (int i = 0; i < frame.getStackSize(); i++) {
        if (frame.getStack(i) instanceof UninitializedValue u) {
          found.add((TypeInsnNode) u.newInsn);
        }
      }
    }
    return found;
  }

  /**
   * Moves each {@code NEW; DUP} of {@code news} to its constructor call.
   *
   * @return false (and the method unchanged) when a {@code NEW} is not in javac's {@code NEW; DUP ... <init>} shape
   */
  public static boolean apply(final ClassNode owner, final MethodNode method, final Set<TypeInsnNode> news,
      final Frame<BasicValue>[] frames) {
    InsnList code = method.instructions;
    AbstractInsnNode[] dups = new AbstractInsnNode[news.size()];
    MethodInsnNode[] inits = new MethodInsnNode[news.size()];
    int n = 0;
    for (TypeInsnNode created : news) {
      AbstractInsnNode next = created.getNext();
      MethodInsnNode init = constructorCallOf(method, created, frames);
      if (next == null || next.getOpcode() != Opcodes.DUP || init == null) {
        return false;
      }
      dups[n] = next;
      inits[n++] = init;
    }
    n = 0;
    for (TypeInsnNode created : news) {
      MethodInsnNode init = inits[n];
      code.remove(dups[n++]);
      code.insertBefore(created, initializeClass(owner, created.desc));
      code.remove(created);
      InsnList before = new InsnList();
      Type[] args = Type.getArgumentTypes(init.desc);
      int[] slots = new int[args.length];
      for (int i = 0; i < args.length; i++) {
        slots[i] = method.maxLocals;
        method.maxLocals += args[i].getSize();
      }
      for (int i = args.length - 1; i >= 0; i--) {
        before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
      }
      before.add(new TypeInsnNode(Opcodes.NEW, created.desc));
      before.add(new InsnNode(Opcodes.DUP));
      for (int i = 0; i < args.length; i++) {
        before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
      }
      code.insertBefore(init, before);
    }
    return true;
  }

  /** The {@code INVOKESPECIAL <init>} whose receiver is the object {@code created} makes, or null. */
  private static MethodInsnNode constructorCallOf(final MethodNode method, final TypeInsnNode created,
      final Frame<BasicValue>[] frames) {
    MethodInsnNode match = null;
    for (int i = 0; i < method.instructions.size(); i++) {
      AbstractInsnNode insn = method.instructions.get(i);
      if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
          && call.name.equals("<init>") && frames[i] != null) {
        Frame<BasicValue> frame = frames[i];
        BasicValue receiver = frame.getStack(frame.getStackSize() - Type.getArgumentTypes(call.desc).length - 1);
        if (receiver instanceof UninitializedValue u && u.newInsn == created) {
          if (match != null) {
            return null; // more than one constructor call for one NEW: not javac's shape
          }
          match = call;
        }
      }
    }
    return match;
  }

  /** {@code Class.forName("pkg.Foo", true, Owner.class.getClassLoader())}, result dropped. */
  private static InsnList initializeClass(final ClassNode owner, final String internalName) {
    InsnList code = new InsnList();
    code.add(new LdcInsnNode(internalName.replace('/', '.')));
    code.add(new InsnNode(Opcodes.ICONST_1));
    code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
    code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getClassLoader",
        "()Ljava/lang/ClassLoader;", false));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
        "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false));
    code.add(new InsnNode(Opcodes.POP));
    return code;
  }
}
