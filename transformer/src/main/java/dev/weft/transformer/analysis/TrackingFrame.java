package dev.weft.transformer.analysis;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * A frame that knows when an object becomes initialised: after {@code INVOKESPECIAL <init>} on an
 * {@link UninitializedValue}, every copy of it (the {@code DUP}ed one javac leaves below) becomes an ordinary
 * value of its class, as in the JVM's verifier.
 */
final class TrackingFrame extends Frame<BasicValue> {

  TrackingFrame(final int numLocals, final int maxStack) {
    super(numLocals, maxStack);
  }

  TrackingFrame(final Frame<? extends BasicValue> frame) {
    super(frame);
  }

  @Override
  public void execute(final AbstractInsnNode insn, final Interpreter<BasicValue> interpreter)
      throws AnalyzerException {
    BasicValue receiver = null;
    if (insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
      int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
      receiver = getStack(getStackSize() - args - 1);
    }
    super.execute(insn, interpreter);
    if (receiver instanceof UninitializedValue uninitialized) {
      BasicValue initialized = interpreter.newValue(uninitialized.getType());
      for (int i = 0; i < getLocals(); i++) {
        if (uninitialized.equals(getLocal(i))) {
          setLocal(i, initialized);
        }
      }
      for (int i = 0; i < getStackSize(); i++) {
        if (uninitialized.equals(getStack(i))) {
          setStack(i, initialized);
        }
      }
    }
  }
}
