package dev.weft.transformer.analysis;

import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The types of a method read from its {@code StackMapTable} instead of inferred: the compiler already wrote the
 * merged types at every branch target and handler, so one forward pass, interpreting each instruction from the
 * last declared frame, gives the types before every instruction, as the JVM's type-checking verifier does. No
 * fixed point, no merge and so no class hierarchy question; several times less work than ASM's {@code Analyzer}.
 *
 * <p>Needs the frames expanded ({@code ClassReader.EXPAND_FRAMES}). Gives up (returns null, and the caller infers
 * the types instead) when a frame is missing where the pass needs one, when frames are not expanded, or when the
 * code falls off its end: the inference reports such code precisely.
 */
final class StackMapFlow {

  private static final int[] NONE = {};

  private final MethodNode method;
  private final TypeInterpreter interpreter;
  private final AbstractInsnNode[] insns;
  private final BasicValue returnValue;
  private final Type ownerType;
  /** Instructions control reaches by a jump, a switch or an exception: each needs a declared frame. */
  private final boolean[] joins;

  private StackMapFlow(final Type ownerType, final MethodNode method, final TypeInterpreter interpreter) {
    this.ownerType = ownerType;
    this.method = method;
    this.interpreter = interpreter;
    this.insns = method.instructions.toArray();
    Type returnType = Type.getReturnType(method.desc);
    this.returnValue = interpreter.newReturnTypeValue(returnType);
    this.joins = new boolean[insns.length];
  }

  /** The flow of {@code method}, or null when its stack map cannot serve (see the class comment). */
  static MethodFlow analyze(final String owner, final MethodNode method, final TypeInterpreter interpreter)
      throws AnalyzerException {
    return new StackMapFlow(Type.getObjectType(owner), method, interpreter).run();
  }

  private MethodFlow run() throws AnalyzerException {
    int size = insns.length;
    int[][] successors = new int[size][];
    int[][] handlers = handlers(size);
    boolean[] reachable = reach(successors, handlers);
    if (reachable == null) {
      return null;
    }
    FrameNode[] declared = declaredFrames();
    @SuppressWarnings("unchecked")
    Frame<BasicValue>[] frames = (Frame<BasicValue>[]) new Frame<?>[size];
    Frame<BasicValue> current = initialFrame();
    FrameNode decodedFrom = null;
    for (int i = 0; i < size; i++) {
      if (declared[i] != null && declared[i] != decodedFrom) {
        current = decode(declared[i]);
        decodedFrom = declared[i];
        if (current == null) {
          return null;
        }
      } else if (declared[i] == null && joins[i] && reachable[i]) {
        return null; // a join without a declared frame: not verifiable as it stands; let inference say why
      }
      if (!reachable[i]) {
        current = null;
        continue;
      }
      if (current == null) {
        return null;
      }
      frames[i] = current;
      AbstractInsnNode insn = insns[i];
      int opcode = insn.getOpcode();
      if (opcode >= 0) {
        Frame<BasicValue> next = new TrackingFrame(current);
        next.execute(insn, interpreter);
        current = endsFlow(opcode) ? null : next;
      }
    }
    return new MethodFlow(frames, successors, handlers);
  }

  /**
   * Follows the edges from the first instruction, filling {@code successors} the way ASM's {@code Analyzer}
   * reports them (only reachable instructions have edges; unreachable ones get none of either kind).
   *
   * @return which instructions are reachable, or null for code this pass does not handle
   */
  private boolean[] reach(final int[][] successors, final int[][] handlers) {
    int size = insns.length;
    boolean[] reachable = new boolean[size];
    int[] work = new int[size];
    int top = 0;
    if (size > 0) {
      reachable[0] = true;
      work[top++] = 0;
    }
    while (top > 0) {
      int i = work[--top];
      int[] out = successorsOf(i);
      if (out == null) {
        return null;
      }
      successors[i] = out;
      for (int s : out) {
        if (s >= size) {
          return null; // falls off the end of the code
        }
        top = visit(s, reachable, work, top);
      }
      for (int h : handlers[i]) {
        top = visit(h, reachable, work, top);
      }
    }
    for (int i = 0; i < size; i++) {
      if (!reachable[i]) {
        successors[i] = NONE;
        handlers[i] = NONE;
      }
    }
    return reachable;
  }

  private static int visit(final int index, final boolean[] reachable, final int[] work, final int top) {
    if (reachable[index]) {
      return top;
    }
    reachable[index] = true;
    work[top] = index;
    return top + 1;
  }

  /** The normal successors of instruction {@code i}, or null for subroutines (never in Java 7+ class files). */
  private int[] successorsOf(final int i) {
    AbstractInsnNode insn = insns[i];
    int opcode = insn.getOpcode();
    if (insn instanceof JumpInsnNode jump) {
      if (opcode == Opcodes.JSR) {
        return null;
      }
      int target = join(jump.label);
      return opcode == Opcodes.GOTO || target == i + 1 ? new int[] {target} : new int[] {i + 1, target};
    } else if (insn instanceof LookupSwitchInsnNode lookup) {
      return switchTargets(lookup.dflt, lookup.labels);
    } else if (insn instanceof TableSwitchInsnNode table) {
      return switchTargets(table.dflt, table.labels);
    } else if (opcode == Opcodes.RET) {
      return null;
    }
    return opcode >= 0 && endsFlow(opcode) ? NONE : new int[] {i + 1};
  }

  private int[] switchTargets(final LabelNode dflt, final List<LabelNode> labels) {
    int[] targets = new int[labels.size() + 1];
    int count = 0;
    targets[count++] = join(dflt);
    for (LabelNode label : labels) {
      count = addUnique(targets, count, join(label));
    }
    return count == targets.length ? targets : Arrays.copyOf(targets, count);
  }

  /** Per instruction, the handlers of the try blocks around it, in the blocks' order, each once. */
  private int[][] handlers(final int size) {
    int[][] handlers = new int[size][];
    Arrays.fill(handlers, NONE);
    for (TryCatchBlockNode block : method.tryCatchBlocks) {
      int handler = join(block.handler);
      int end = indexOf(block.end);
      for (int i = indexOf(block.start); i < end; i++) {
        int[] old = handlers[i];
        int[] grown = Arrays.copyOf(old, old.length + 1);
        int count = addUnique(grown, old.length, handler);
        handlers[i] = count == grown.length ? grown : old;
      }
    }
    return handlers;
  }

  private static int addUnique(final int[] values, final int count, final int value) {
    for (int j = 0; j < count; j++) {
      if (values[j] == value) {
        return count;
      }
    }
    values[count] = value;
    return count + 1;
  }

  /** Per instruction, the declared frame that applies before it: its own, or the one after its labels and lines. */
  private FrameNode[] declaredFrames() {
    FrameNode[] declared = new FrameNode[insns.length];
    FrameNode pending = null;
    for (int i = insns.length - 1; i >= 0; i--) {
      AbstractInsnNode insn = insns[i];
      if (insn instanceof FrameNode frame) {
        pending = frame;
      } else if (!(insn instanceof LabelNode) && !(insn instanceof LineNumberNode)) {
        pending = null;
      }
      declared[i] = pending;
    }
    return declared;
  }

  private Frame<BasicValue> initialFrame() {
    Frame<BasicValue> frame = new TrackingFrame(method.maxLocals, method.maxStack);
    frame.setReturn(returnValue);
    boolean instance = (method.access & Opcodes.ACC_STATIC) == 0;
    int local = 0;
    if (instance) {
      frame.setLocal(local, interpreter.newParameterValue(true, local, ownerType));
      local++;
    }
    for (Type argument : Type.getArgumentTypes(method.desc)) {
      frame.setLocal(local, interpreter.newParameterValue(instance, local, argument));
      local++;
      if (argument.getSize() == 2) {
        frame.setLocal(local, interpreter.newEmptyValue(local));
        local++;
      }
    }
    while (local < method.maxLocals) {
      frame.setLocal(local, interpreter.newEmptyValue(local));
      local++;
    }
    return frame;
  }

  /** The frame {@code node} declares, or null when it is not in the expanded form. */
  private Frame<BasicValue> decode(final FrameNode node) {
    if (node.type != Opcodes.F_NEW) {
      return null;
    }
    Frame<BasicValue> frame = new TrackingFrame(method.maxLocals, method.maxStack);
    frame.setReturn(returnValue);
    int slot = 0;
    if (node.local != null) {
      for (Object type : node.local) {
        BasicValue value = value(type);
        if (value == null) {
          return null;
        }
        frame.setLocal(slot++, value);
        if (value.getSize() == 2) {
          frame.setLocal(slot++, BasicValue.UNINITIALIZED_VALUE);
        }
      }
    }
    while (slot < method.maxLocals) {
      frame.setLocal(slot++, BasicValue.UNINITIALIZED_VALUE);
    }
    if (node.stack != null) {
      for (Object type : node.stack) {
        BasicValue value = value(type);
        if (value == null) {
          return null;
        }
        frame.push(value);
      }
    }
    return frame;
  }

  /** The analysis value of one verification type of a frame, or null when it cannot be read. */
  private BasicValue value(final Object type) {
    if (type instanceof String name) {
      return interpreter.newValue(Type.getObjectType(name));
    }
    if (type instanceof LabelNode label) {
      AbstractInsnNode created = label;
      while (created != null && created.getOpcode() < 0) {
        created = created.getNext();
      }
      if (created == null || created.getOpcode() != Opcodes.NEW) {
        return null;
      }
      return new UninitializedValue(Type.getObjectType(((TypeInsnNode) created).desc), created);
    }
    if (type == Opcodes.TOP) {
      return BasicValue.UNINITIALIZED_VALUE;
    } else if (type == Opcodes.INTEGER) {
      return BasicValue.INT_VALUE;
    } else if (type == Opcodes.FLOAT) {
      return BasicValue.FLOAT_VALUE;
    } else if (type == Opcodes.LONG) {
      return BasicValue.LONG_VALUE;
    } else if (type == Opcodes.DOUBLE) {
      return BasicValue.DOUBLE_VALUE;
    } else if (type == Opcodes.NULL) {
      return interpreter.newValue(Type.getObjectType("null"));
    } else if (type == Opcodes.UNINITIALIZED_THIS) {
      return interpreter.newValue(ownerType); // as the inference sees it: constructors are never @Async anyway
    }
    return null;
  }

  private int join(final LabelNode label) {
    int index = indexOf(label);
    joins[index] = true;
    return index;
  }

  private int indexOf(final LabelNode label) {
    return method.instructions.indexOf(label);
  }

  private static boolean endsFlow(final int opcode) {
    return opcode == Opcodes.GOTO || opcode == Opcodes.ATHROW || opcode == Opcodes.TABLESWITCH
        || opcode == Opcodes.LOOKUPSWITCH || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN);
  }
}
