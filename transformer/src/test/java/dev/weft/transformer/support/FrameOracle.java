package dev.weft.transformer.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Checks the frames a class file declares (its {@code StackMapTable}) against frames recomputed independently of how
 * they were written (TEST-PLAN #8, JaCoCo's idea): ASM's {@link Analyzer} with a {@link TypeFacts#verifier} computes
 * the exact types that flow into every instruction, merged over all paths.
 *
 * <p>The direction: a declared frame is what the JVM's verifier assumes at that offset and checks every incoming path
 * against, so it must be a supertype view of what flows: each declared local and stack entry must accept the
 * recomputed value there ({@code TOP} accepts anything; {@code int} needs an int; a class type needs a value
 * assignable to it, as the JVM judges: interfaces accept any reference). A declared value where nothing flows (the
 * recomputed slot is empty on some path) is wrong. Frames at offsets the analysis finds unreachable are counted, not
 * compared. {@code max_stack} and {@code max_locals} must lie between the recomputed need and two more.
 *
 * <p>An uninitialised entry ({@code NEW} at a label, or {@code this} in a constructor) is compared by type only: ASM's
 * verifier does not track initialisation (the JVM's own does, when the class links).
 */
public final class FrameOracle {

  /** Slack allowed on {@code max_stack} and {@code max_locals}. */
  public static final int MAX_SLACK = 2;

  /**
   * What one class gave.
   *
   * @param methods methods checked
   * @param frames declared frames compared with a recomputed one
   * @param unreachable declared frames at offsets the analysis finds unreachable
   * @param problems one line per disagreement; empty when all agree
   */
  public record Report(int methods, int frames, int unreachable, List<String> problems) {}

  private FrameOracle() {}

  /**
   * @param classFile the class to check
   * @param facts the class hierarchy, for the recomputation and for assignability
   * @param checked which methods to check (say, those the transformer wrote)
   */
  public static Report check(final byte[] classFile, final TypeFacts facts, final Predicate<MethodNode> checked) {
    ClassNode owner = new ClassNode();
    new ClassReader(classFile).accept(owner, ClassReader.EXPAND_FRAMES);
    List<Type> interfaces = new ArrayList<>();
    owner.interfaces.forEach(name -> interfaces.add(Type.getObjectType(name)));
    int methods = 0;
    int frames = 0;
    int unreachable = 0;
    List<String> problems = new ArrayList<>();
    for (MethodNode method : owner.methods) {
      if (method.instructions.size() == 0 || !checked.test(method)) {
        continue;
      }
      methods++;
      String where = owner.name + "." + method.name + method.desc;
      Frame<BasicValue>[] recomputed;
      try {
        recomputed = new Analyzer<>(facts.verifier(Type.getObjectType(owner.name),
            owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
            (owner.access & Opcodes.ACC_INTERFACE) != 0)).analyze(owner.name, method);
      } catch (AnalyzerException e) {
        problems.add(where + ": not analysable: " + e.getMessage());
        continue;
      }
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof FrameNode declared) {
          int index = method.instructions.indexOf(nextInstruction(declared));
          if (recomputed[index] == null) {
            unreachable++;
          } else {
            frames++;
            compare(declared, recomputed[index], owner.name, where + " @" + index, facts, problems);
          }
        }
      }
      checkMaxima(method, recomputed, where, problems);
    }
    return new Report(methods, frames, unreachable, problems);
  }

  private static void compare(final FrameNode declared, final Frame<BasicValue> flows, final String owner,
      final String where, final TypeFacts facts, final List<String> problems) {
    List<Object> locals = slots(declared.local);
    for (int slot = 0; slot < locals.size(); slot++) {
      Object type = locals.get(slot);
      if (type.equals(Opcodes.TOP)) {
        continue;
      }
      BasicValue value = slot < flows.getLocals() ? flows.getLocal(slot) : BasicValue.UNINITIALIZED_VALUE;
      String problem = accepts(type, value, declared, owner, facts);
      if (problem != null) {
        problems.add(where + " local " + slot + ": " + problem);
      }
    }
    List<Object> stack = declared.stack == null ? List.of() : declared.stack;
    if (stack.size() != flows.getStackSize()) {
      problems.add(where + ": declared " + stack.size() + " stack values, " + flows.getStackSize() + " flow");
      return;
    }
    for (int i = 0; i < stack.size(); i++) {
      String problem = accepts(stack.get(i), flows.getStack(i), declared, owner, facts);
      if (problem != null) {
        problems.add(where + " stack " + i + ": " + problem);
      }
    }
  }

  /** Why declared {@code type} does not accept the flowing {@code value}, or null when it does. */
  private static String accepts(final Object type, final BasicValue value, final FrameNode at, final String owner,
      final TypeFacts facts) {
    Type flows = value.getType();
    if (flows == null) {
      return "declared " + describe(type) + " but nothing flows there";
    }
    boolean ok;
    if (type.equals(Opcodes.INTEGER)) {
      ok = flows.equals(Type.INT_TYPE);
    } else if (type.equals(Opcodes.FLOAT)) {
      ok = flows.equals(Type.FLOAT_TYPE);
    } else if (type.equals(Opcodes.LONG)) {
      ok = flows.equals(Type.LONG_TYPE);
    } else if (type.equals(Opcodes.DOUBLE)) {
      ok = flows.equals(Type.DOUBLE_TYPE);
    } else if (type.equals(Opcodes.NULL)) {
      ok = flows.getDescriptor().equals("Lnull;");
    } else if (type.equals(Opcodes.UNINITIALIZED_THIS)) {
      ok = flows.equals(Type.getObjectType(owner));
    } else if (type instanceof LabelNode label) {
      AbstractInsnNode created = nextInstruction(label);
      ok = created instanceof TypeInsnNode newInsn && created.getOpcode() == Opcodes.NEW
          && flows.equals(Type.getObjectType(newInsn.desc));
    } else {
      ok = TypeFacts.isReference(flows) && facts.isAssignable(flows, Type.getObjectType((String) type));
    }
    return ok ? null : "declared " + describe(type) + ", " + flows.getDescriptor() + " flows";
  }

  /** Declared {@code max_stack}/{@code max_locals} against what the code needs. */
  private static void checkMaxima(final MethodNode method, final Frame<BasicValue>[] recomputed, final String where,
      final List<String> problems) {
    int stack = 0;
    for (Frame<BasicValue> frame : recomputed) {
      if (frame != null) {
        int height = 0;
        for (int i = 0; i < frame.getStackSize(); i++) {
          height += frame.getStack(i).getSize();
        }
        stack = Math.max(stack, height);
      }
    }
    int locals = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - ((method.access & Opcodes.ACC_STATIC) != 0
        ? 1 : 0);
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof VarInsnNode var) {
        int size = var.getOpcode() == Opcodes.LLOAD || var.getOpcode() == Opcodes.DLOAD
            || var.getOpcode() == Opcodes.LSTORE || var.getOpcode() == Opcodes.DSTORE ? 2 : 1;
        locals = Math.max(locals, var.var + size);
      } else if (insn instanceof IincInsnNode iinc) {
        locals = Math.max(locals, iinc.var + 1);
      }
    }
    if (method.maxStack < stack || method.maxStack > stack + MAX_SLACK) {
      problems.add(where + ": max_stack " + method.maxStack + ", needs " + stack);
    }
    if (method.maxLocals < locals || method.maxLocals > locals + MAX_SLACK) {
      problems.add(where + ": max_locals " + method.maxLocals + ", needs " + locals);
    }
  }

  /** A declared frame's locals, one entry per slot (a long or double is followed by its second slot, TOP). */
  private static List<Object> slots(final List<Object> declared) {
    List<Object> slots = new ArrayList<>();
    if (declared != null) {
      for (Object type : declared) {
        slots.add(type);
        if (type.equals(Opcodes.LONG) || type.equals(Opcodes.DOUBLE)) {
          slots.add(Opcodes.TOP);
        }
      }
    }
    return slots;
  }

  private static AbstractInsnNode nextInstruction(final AbstractInsnNode node) {
    AbstractInsnNode next = node;
    while (next != null && next.getOpcode() < 0) {
      next = next.getNext();
    }
    return next;
  }

  private static String describe(final Object type) {
    if (type instanceof LabelNode) {
      return "uninitialized";
    }
    if (type instanceof Integer code) {
      return List.of("top", "int", "float", "double", "long", "null", "uninitializedThis").get(code);
    }
    return String.valueOf(type);
  }
}
