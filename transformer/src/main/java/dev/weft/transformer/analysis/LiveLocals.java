package dev.weft.transformer.analysis;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals are live (may be read before being written) before each instruction: a backward data-flow
 * analysis over the {@link MethodFlow} graph. A suspension saves only the locals live after it, so a suspended
 * task never retains a dead reference.
 *
 * <p>A two-slot value counts by its first slot. An exception edge leaves from before the instruction, so what the
 * handler reads is live throughout its protected range.
 */
public final class LiveLocals {

  private final BitSet[] liveIn;

  private LiveLocals(final BitSet[] liveIn) {
    this.liveIn = liveIn;
  }

  /** Locals live before instruction {@code index}; do not modify. */
  public BitSet before(final int index) {
    return liveIn[index];
  }

  /** Computes liveness for {@code instructions} over {@code flow}'s graph. */
  public static LiveLocals compute(final InsnList instructions, final MethodFlow flow) {
    int size = instructions.size();
    BitSet[] liveIn = new BitSet[size];
    AbstractInsnNode[] insns = instructions.toArray();
    List<Integer>[] predecessors = predecessors(size, flow);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    boolean[] queued = new boolean[size];
    for (int i = size - 1; i >= 0; i--) {
      liveIn[i] = new BitSet();
      work.add(i);
      queued[i] = true;
    }
    while (!work.isEmpty()) {
      int i = work.poll();
      queued[i] = false;
      BitSet live = new BitSet();
      for (int s : flow.successors.get(i)) {
        live.or(liveIn[s]);
      }
      AbstractInsnNode insn = insns[i];
      if (insn instanceof VarInsnNode var) {
        if (isStore(var.getOpcode())) {
          live.clear(var.var);
          if (var.getOpcode() == Opcodes.LSTORE || var.getOpcode() == Opcodes.DSTORE) {
            live.clear(var.var + 1);
          }
        } else {
          live.set(var.var);
        }
      } else if (insn instanceof IincInsnNode iinc) {
        live.set(iinc.var);
      }
      for (int h : flow.handlers.get(i)) {
        live.or(liveIn[h]);
      }
      if (!live.equals(liveIn[i])) {
        liveIn[i] = live;
        for (int p : predecessors[i]) {
          if (!queued[p]) {
            queued[p] = true;
            work.add(p);
          }
        }
      }
    }
    return new LiveLocals(liveIn);
  }

  private static boolean isStore(final int opcode) {
    return opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
  }

  @SuppressWarnings("unchecked")
  private static List<Integer>[] predecessors(final int size, final MethodFlow flow) {
    List<Integer>[] predecessors = new List[size];
    for (int i = 0; i < size; i++) {
      predecessors[i] = new java.util.ArrayList<>(2);
    }
    for (int i = 0; i < size; i++) {
      for (int s : flow.successors.get(i)) {
        predecessors[s].add(i);
      }
      for (int h : flow.handlers.get(i)) {
        predecessors[h].add(i);
      }
    }
    return predecessors;
  }
}
