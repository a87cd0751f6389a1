package dev.weft.transformer.rewrite;

import dev.weft.transformer.analysis.LiveLocals;
import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * What each await of a method keeps across its suspension: the operand-stack values below the awaitable and the
 * locals live after it, each with its slot in the save area. Computed from the analysis of the original method,
 * before any instruction moves.
 */
final class SuspensionPlan {

  /**
   * One await.
   *
   * @param await the {@code Weft.await} call
   * @param state its number, 1-based, as the dispatch switch sees it
   * @param line its source line, or -1
   * @param stack values below the awaitable, bottom first
   * @param locals (original local index, value) pairs
   */
  record Point(MethodInsnNode await, int state, int line, List<SavedValue> stack, List<Local> locals) {}

  /** A saved local by its original index. */
  record Local(int index, SavedValue value) {}

  final List<Point> points = new ArrayList<>();
  int refSlots;
  int primSlots;

  /**
   * @param keepsThis whether local 0 is {@code this} throughout (an instance method that never stores to it): then it
   *     is not saved, since resuming calls the body on the same receiver
   */
  static SuspensionPlan of(final MethodNode method, final List<MethodInsnNode> awaits, final MethodFlow flow,
      final LiveLocals live, final ClassHierarchy hierarchy, final String fromPackage,
      final java.util.Set<String> namedTypes, final java.util.function.IntUnaryOperator lineOf) {
    SuspensionPlan plan = new SuspensionPlan();
    boolean keepsThis = (method.access & org.objectweb.asm.Opcodes.ACC_STATIC) == 0 && !storesToSlotZero(method);
    int state = 0;
    for (MethodInsnNode await : awaits) {
      int index = method.instructions.indexOf(await);
      Frame<BasicValue> frame = flow.frames[index];
      if (frame == null) {
        continue; // unreachable: the class writer replaces dead code
      }
      int refs = 0;
      int prims = 0;
      List<SavedValue> stack = new ArrayList<>();
      for (int i = 0; i < frame.getStackSize() - 1; i++) {
        SavedValue saved = plan.saved(frame.getStack(i).getType(), refs, prims, hierarchy, fromPackage, namedTypes);
        refs += saved.category() == SavedValue.Category.REF ? 1 : 0;
        prims += saved.category().isPrimitive() ? 1 : 0;
        stack.add(saved);
      }
      List<Local> locals = new ArrayList<>();
      BitSet liveAfter = live.before(index + 1);
      for (int i = liveAfter.nextSetBit(0); i >= 0 && i < frame.getLocals(); i = liveAfter.nextSetBit(i + 1)) {
        if (i == 0 && keepsThis) {
          continue;
        }
        Type type = frame.getLocal(i).getType();
        if (SavedValue.categoryOf(type) == null) {
          continue; // top: no value there on this path
        }
        SavedValue saved = plan.saved(type, refs, prims, hierarchy, fromPackage, namedTypes);
        refs += saved.category() == SavedValue.Category.REF ? 1 : 0;
        prims += saved.category().isPrimitive() ? 1 : 0;
        locals.add(new Local(i, saved));
      }
      plan.refSlots = Math.max(plan.refSlots, refs);
      plan.primSlots = Math.max(plan.primSlots, prims);
      plan.points.add(new Point(await, ++state, lineOf.applyAsInt(index), stack, locals));
    }
    return plan;
  }

  private SavedValue saved(final Type type, final int refs, final int prims, final ClassHierarchy hierarchy,
      final String fromPackage, final java.util.Set<String> namedTypes) {
    SavedValue.Category category = SavedValue.categoryOf(type);
    if (category == null) {
      throw new IllegalStateException("no value on the stack at a suspension point: " + type);
    }
    switch (category) {
      case REF:
        return new SavedValue(category, castType(type, hierarchy, fromPackage, namedTypes), refs);
      case NULL:
        return new SavedValue(category, null, -1);
      default:
        return new SavedValue(category, null, prims);
    }
  }

  /**
   * The type to cast a restored reference to: the analysed type when the class's code names it (casting to it adds
   * no access the class does not already need), else its nearest accessible ancestor (a merge can produce a
   * package-private class of another package).
   */
  private static String castType(final Type type, final ClassHierarchy hierarchy, final String fromPackage,
      final java.util.Set<String> namedTypes) {
    Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
    if (element.getSort() != Type.OBJECT) {
      return type.getDescriptor();
    }
    String name = element.getInternalName();
    String cast = namedTypes.contains(name) ? name : hierarchy.accessibleAncestor(name, fromPackage);
    if (type.getSort() == Type.ARRAY) {
      return "[".repeat(type.getDimensions()) + "L" + cast + ";";
    }
    return cast.equals("java/lang/Object") ? null : cast;
  }

  private static boolean storesToSlotZero(final MethodNode method) {
    for (var insn : method.instructions) {
      if (insn instanceof VarInsnNode var && var.var == 0 && var.getOpcode() >= org.objectweb.asm.Opcodes.ISTORE
          && var.getOpcode() <= org.objectweb.asm.Opcodes.ASTORE) {
        return true;
      }
    }
    return false;
  }
}
