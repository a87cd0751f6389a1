package dev.weft.transformer.analysis;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The data-flow facts of one method, computed once: the value types before each instruction (null for
 * unreachable ones) and the control-flow graph, normal and exceptional edges apart.
 *
 * <p>Not thread-safe; one instance per method.
 */
public final class MethodFlow {

  /** Types before each instruction, indexed like {@code method.instructions}; null where unreachable. */
  public final Frame<BasicValue>[] frames;
  /** Normal successors of each instruction; do not modify. */
  public final int[][] successors;
  /** Exception-handler successors of each instruction; do not modify. */
  public final int[][] handlers;

  MethodFlow(final Frame<BasicValue>[] frames, final int[][] successors, final int[][] handlers) {
    this.frames = frames;
    this.successors = successors;
    this.handlers = handlers;
  }

  /**
   * Analyses {@code method} of {@code owner}: from its stack map frames when they serve (read with
   * {@code ClassReader.EXPAND_FRAMES}; see {@link StackMapFlow}), else by {@link #infer inference}.
   *
   * @throws AnalyzerException when the code is not analysable (malformed input)
   * @throws dev.weft.transformer.hierarchy.MissingClassException when a merge needs a class that cannot be found
   */
  public static MethodFlow analyze(final ClassNode owner, final MethodNode method, final ClassHierarchy hierarchy)
      throws AnalyzerException {
    MethodFlow declared = StackMapFlow.analyze(owner.name, method, interpreter(owner, hierarchy));
    return declared != null ? declared : infer(owner, method, hierarchy);
  }

  /**
   * Analyses {@code method} of {@code owner} by inferring every type with ASM's {@code Analyzer} (a fixed point,
   * merging types through the class hierarchy), ignoring its stack map: for code whose frames are missing or no
   * longer match it.
   *
   * @throws AnalyzerException when the code is not analysable (malformed input)
   * @throws dev.weft.transformer.hierarchy.MissingClassException when a merge needs a class that cannot be found
   */
  public static MethodFlow infer(final ClassNode owner, final MethodNode method, final ClassHierarchy hierarchy)
      throws AnalyzerException {
    int size = method.instructions.size();
    List<List<Integer>> successors = newLists(size);
    List<List<Integer>> handlers = newLists(size);
    TypeInterpreter interpreter = interpreter(owner, hierarchy);
    Analyzer<BasicValue> analyzer = new Analyzer<>(interpreter) {
      @Override
      protected Frame<BasicValue> newFrame(final int numLocals, final int numStack) {
        return new TrackingFrame(numLocals, numStack);
      }

      @Override
      protected Frame<BasicValue> newFrame(final Frame<? extends BasicValue> frame) {
        return new TrackingFrame(frame);
      }

      @Override
      protected void newControlFlowEdge(final int insn, final int successor) {
        add(successors.get(insn), successor);
      }

      @Override
      protected boolean newControlFlowExceptionEdge(final int insn, final int successor) {
        add(handlers.get(insn), successor);
        return true;
      }
    };
    Frame<BasicValue>[] frames = analyzer.analyze(owner.name, method);
    return new MethodFlow(frames, toArrays(successors), toArrays(handlers));
  }

  private static List<List<Integer>> newLists(final int size) {
    List<List<Integer>> lists = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      lists.add(new ArrayList<>(2));
    }
    return lists;
  }

  static TypeInterpreter interpreter(final ClassNode owner, final ClassHierarchy hierarchy) {
    List<Type> interfaces = new ArrayList<>(owner.interfaces.size());
    for (String name : owner.interfaces) {
      interfaces.add(Type.getObjectType(name));
    }
    return new TypeInterpreter(hierarchy, Type.getObjectType(owner.name),
        owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
        (owner.access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0);
  }

  private static int[][] toArrays(final List<List<Integer>> lists) {
    int[][] arrays = new int[lists.size()][];
    for (int i = 0; i < arrays.length; i++) {
      List<Integer> list = lists.get(i);
      int[] array = new int[list.size()];
      for (int j = 0; j < array.length; j++) {
        array[j] = list.get(j);
      }
      arrays[i] = array;
    }
    return arrays;
  }

  private static void add(final List<Integer> list, final int value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }
}
