package dev.weft.transformer.scan;

import dev.weft.transformer.rewrite.RuntimeApi;
import dev.weft.transformer.rewrite.RuntimeApi.Kind;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Sorts the methods of a class: which are to be rewritten ({@code @Async} methods, and javac lambda bodies that
 * return a task type and call {@code await}) and which call {@code await} without being either.
 */
public final class AsyncMethodScanner {

  /**
   * A method to rewrite.
   *
   * @param method the method as read
   * @param kind its declared return kind, or null when it returns no task type (a rejection)
   * @param annotated whether it carries {@code @Async} (otherwise it is a qualifying lambda body)
   * @param awaits its calls to {@code Weft.await}, in instruction order
   */
  public record AsyncMethod(MethodNode method, Kind kind, boolean annotated, List<MethodInsnNode> awaits) {}

  /**
   * A method that calls {@code await} but is not rewritten.
   *
   * @param method the method
   * @param awaits its calls to {@code Weft.await}
   */
  public record StrayAwaits(MethodNode method, List<MethodInsnNode> awaits) {}

  /** The outcome of a scan. */
  public record Result(List<AsyncMethod> asyncMethods, List<StrayAwaits> strays) {
    /** Nothing to rewrite and nothing to report. */
    public boolean isEmpty() {
      return asyncMethods.isEmpty() && strays.isEmpty();
    }
  }

  private AsyncMethodScanner() {
    throw new AssertionError();
  }

  /** Scans every method of {@code owner}. */
  public static Result scan(final ClassNode owner) {
    List<AsyncMethod> asyncMethods = new ArrayList<>();
    List<StrayAwaits> strays = new ArrayList<>();
    for (MethodNode method : owner.methods) {
      if ((method.access & Opcodes.ACC_BRIDGE) != 0) {
        continue; // javac copies @Async onto bridges; they only forward to the real method
      }
      List<MethodInsnNode> awaits = awaitsOf(method);
      boolean annotated = hasAsync(method.visibleAnnotations) || hasAsync(method.invisibleAnnotations);
      Kind kind = Kind.ofMethod(method.desc);
      boolean lambda = (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
      if (annotated || (lambda && kind != null && !awaits.isEmpty())) {
        asyncMethods.add(new AsyncMethod(method, kind, annotated, awaits));
      } else if (!awaits.isEmpty()) {
        strays.add(new StrayAwaits(method, awaits));
      }
    }
    return new Result(asyncMethods, strays);
  }

  private static boolean hasAsync(final List<AnnotationNode> annotations) {
    if (annotations != null) {
      for (AnnotationNode annotation : annotations) {
        if (RuntimeApi.ASYNC_DESC.equals(annotation.desc)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<MethodInsnNode> awaitsOf(final MethodNode method) {
    List<MethodInsnNode> awaits = new ArrayList<>();
    if (method.instructions != null) {
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
            && RuntimeApi.isAwait(call.owner, call.name, call.desc)) {
          awaits.add(call);
        }
      }
    }
    return awaits;
  }
}
