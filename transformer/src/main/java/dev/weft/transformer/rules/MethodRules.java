package dev.weft.transformer.rules;

import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.analysis.MonitorDepth;
import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.MethodNames;
import dev.weft.transformer.scan.AsyncMethodScanner.AsyncMethod;
import dev.weft.transformer.scan.AsyncMethodScanner.StrayAwaits;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The checks that decide whether a method can be rewritten. Each failed check yields one diagnostic from
 * {@link Rejections}; only constructs listed in {@code docs/errors.md} are rejected.
 */
public final class MethodRules {

  private MethodRules() {
    throw new AssertionError();
  }

  /** The error for a method that awaits without being rewritten. */
  public static Diagnostic stray(final StrayAwaits stray, final MethodNames names) {
    MethodNode method = stray.method();
    MethodInsnNode first = stray.awaits().get(0);
    String name = names.describe(method);
    if (method.name.equals("<clinit>")) {
      return Rejections.awaitInStaticInitializer(names.position(first), names.className());
    }
    if (method.name.equals("<init>")) {
      return Rejections.awaitInConstructor(names.position(first), name);
    }
    if ((method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$")) {
      return Rejections.awaitInPlainLambda(names.position(first), name);
    }
    return Rejections.awaitOutsideAsync(names.position(first), name);
  }

  /** Checks what the method's declaration alone decides; null when it is fine. */
  public static Diagnostic checkShape(final AsyncMethod async, final MethodNames names) {
    MethodNode method = async.method();
    String name = names.describe(method);
    if (method.name.equals("<init>")) {
      return Rejections.asyncConstructor(names.position(method), name);
    }
    if (method.name.equals("<clinit>")) {
      return Rejections.awaitInStaticInitializer(names.position(method), names.className());
    }
    if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      return Rejections.noBody(names.position(method), name);
    }
    if (async.kind() == null) {
      return Rejections.notATaskType(names.position(method), name,
          Type.getReturnType(method.desc).getClassName());
    }
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0 && !async.awaits().isEmpty()) {
      return Rejections.awaitInSynchronizedMethod(names.position(async.awaits().get(0)), name);
    }
    return null;
  }

  /**
   * Checks each suspension point against the analysis: no monitor held. (Uninitialised objects on the stack are
   * handled by {@link dev.weft.transformer.rewrite.ConstructorReorder}; see {@link #uninitializedAcrossAwait}.)
   */
  public static List<Diagnostic> checkSuspensions(final AsyncMethod async, final MethodFlow flow,
      final MethodNames names) {
    MethodNode method = async.method();
    List<Diagnostic> found = new ArrayList<>();
    int[] monitors = MonitorDepth.compute(method.instructions, flow);
    for (MethodInsnNode await : async.awaits()) {
      int index = method.instructions.indexOf(await);
      Frame<BasicValue> frame = flow.frames[index];
      if (frame == null) {
        continue; // unreachable
      }
      if (monitors[index] > 0) {
        found.add(Rejections.awaitInSynchronizedBlock(names.position(await), names.describe(method)));
      }
    }
    return found;
  }

  /** The error for an uninitialised object at an await that is not in javac's shape (left after reordering). */
  public static List<Diagnostic> uninitializedAcrossAwait(final AsyncMethod async, final MethodFlow flow,
      final MethodNames names) {
    List<Diagnostic> found = new ArrayList<>();
    for (MethodInsnNode await : async.awaits()) {
      Frame<BasicValue> frame = flow.frames[async.method().instructions.indexOf(await)];
      String uninitialized = frame == null ? null : uninitializedIn(frame);
      if (uninitialized != null) {
        found.add(Rejections.uninitializedAcrossAwait(names.position(await), names.describe(async.method()),
            uninitialized));
      }
    }
    return found;
  }

  private static String uninitializedIn(final Frame<BasicValue> frame) {
    for (int i = 0; i < frame.getStackSize(); i++) {
      String className = dev.weft.transformer.analysis.UninitializedValue.classOf(frame.getStack(i));
      if (className != null) {
        return className;
      }
    }
    return null;
  }
}
