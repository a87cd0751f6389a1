package dev.weft.transformer.analysis;

import java.util.ArrayDeque;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;

/**
 * How many monitors may be held before each instruction (forward data flow, maximum over paths). An await with a
 * held monitor is rejected: a suspension would leave the monitor locked while other tasks run, and the resumed
 * method's {@code monitorexit} may run where the lock was never taken.
 */
public final class MonitorDepth {

  private static final int CAP = 255;

  private MonitorDepth() {
    throw new AssertionError();
  }

  /** @return per instruction, the monitors possibly held before it (0 where unreachable) */
  public static int[] compute(final InsnList instructions, final MethodFlow flow) {
    int size = instructions.size();
    int[] depth = new int[size];
    if (!entersMonitor(instructions)) {
      return depth; // the common case: no synchronized block, nothing to follow
    }
    boolean[] seen = new boolean[size];
    ArrayDeque<Integer> work = new ArrayDeque<>();
    if (size > 0) {
      seen[0] = true;
      work.add(0);
    }
    while (!work.isEmpty()) {
      int i = work.poll();
      int opcode = instructions.get(i).getOpcode();
      int after = depth[i];
      if (opcode == Opcodes.MONITORENTER) {
        after = Math.min(CAP, after + 1);
      } else if (opcode == Opcodes.MONITOREXIT) {
        after = Math.max(0, after - 1);
      }
      for (int s : flow.successors[i]) {
        propagate(s, after, depth, seen, work);
      }
      for (int h : flow.handlers[i]) {
        propagate(h, depth[i], depth, seen, work);
      }
    }
    return depth;
  }

  private static boolean entersMonitor(final InsnList instructions) {
    for (AbstractInsnNode insn = instructions.getFirst(); insn != null; insn = insn.getNext()) {
      if (insn.getOpcode() == Opcodes.MONITORENTER) {
        return true;
      }
    }
    return false;
  }

  private static void propagate(final int target, final int value, final int[] depth, final boolean[] seen,
      final ArrayDeque<Integer> work) {
    if (!seen[target] || value > depth[target]) {
      seen[target] = true;
      depth[target] = Math.max(depth[target], value);
      work.add(target);
    }
  }
}
