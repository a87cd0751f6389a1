package dev.weft.transformer.analysis;

import java.util.Arrays;
import java.util.BitSet;
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
 *
 * <p>The sets are bit masks in one flat array ({@code words} longs per instruction), updated in backward passes
 * until none changes: no allocation per step, and a method's loops converge in a pass or two more than their depth.
 */
public final class LiveLocals {

  private final long[] liveIn;
  private final int words;

  private LiveLocals(final long[] liveIn, final int words) {
    this.liveIn = liveIn;
    this.words = words;
  }

  /** Locals live before instruction {@code index} (a new set). */
  public BitSet before(final int index) {
    return BitSet.valueOf(Arrays.copyOfRange(liveIn, index * words, (index + 1) * words));
  }

  /** Computes liveness for {@code instructions} over {@code flow}'s graph. */
  public static LiveLocals compute(final InsnList instructions, final MethodFlow flow) {
    AbstractInsnNode[] insns = instructions.toArray();
    int size = insns.length;
    int words = (maxLocal(insns) + 2 + 63) >>> 6;
    long[] live = new long[size * words];
    long[] next = new long[words];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = size - 1; i >= 0; i--) {
        Arrays.fill(next, 0);
        for (int s : flow.successors[i]) {
          or(next, live, s * words);
        }
        AbstractInsnNode insn = insns[i];
        if (insn instanceof VarInsnNode var) {
          int opcode = var.getOpcode();
          if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
            clear(next, var.var);
            if (opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE) {
              clear(next, var.var + 1);
            }
          } else {
            set(next, var.var);
          }
        } else if (insn instanceof IincInsnNode iinc) {
          set(next, iinc.var);
        }
        for (int h : flow.handlers[i]) {
          or(next, live, h * words);
        }
        int at = i * words;
        if (!Arrays.equals(next, 0, words, live, at, at + words)) {
          System.arraycopy(next, 0, live, at, words);
          changed = true;
        }
      }
    }
    return new LiveLocals(live, words);
  }

  private static int maxLocal(final AbstractInsnNode[] insns) {
    int max = 0;
    for (AbstractInsnNode insn : insns) {
      if (insn instanceof VarInsnNode var) {
        max = Math.max(max, var.var);
      } else if (insn instanceof IincInsnNode iinc) {
        max = Math.max(max, iinc.var);
      }
    }
    return max;
  }

  private static void or(final long[] into, final long[] from, final int at) {
    for (int w = 0; w < into.length; w++) {
      into[w] |= from[at + w];
    }
  }

  private static void set(final long[] bits, final int index) {
    bits[index >>> 6] |= 1L << index;
  }

  private static void clear(final long[] bits, final int index) {
    bits[index >>> 6] &= ~(1L << index);
  }
}
