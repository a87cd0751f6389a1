package dev.weft.transformer.support;

import dev.weft.transformer.analysis.LiveLocals;
import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.analysis.MonitorDepth;
import dev.weft.transformer.analysis.NamedTypes;
import dev.weft.transformer.diag.MethodNames;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.rewrite.ClassOutput;
import dev.weft.transformer.rewrite.StateMachineBuilder;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The transformer's read-analyse-write path forced onto a class that has no {@code @Async} method (TEST-PLAN #2):
 * read as {@code ClassRewrite} reads (a {@link ClassNode}, frames kept), every method with code analysed as an
 * {@code @Async} method is ({@link MethodFlow} with the transformer's {@code TypeInterpreter}, {@link LiveLocals},
 * {@link MonitorDepth}), its frames dropped as the rewrite drops them, and every such method handed to
 * {@link ClassOutput} as a rewritten method with no suspension: so the whole class goes through the transformer's own
 * writer ({@code HierarchyClassWriter}, frames and maxima recomputed from the {@link ClassHierarchy}, never by loading
 * classes), and the output is read back in full (a tree of it), beyond the writer's own read-back of the copied parts.
 *
 * <p>Only the state-machine code generation is left out (a method without awaits and task type has none), so no
 * production code needs a "force" switch. The output means what the input means: only frames, maxima and the
 * transformer's marker annotation differ.
 */
public final class ForcedRewrite {

  /**
   * One forced class.
   *
   * @param name internal name
   * @param bytes the written class file
   * @param methods how many methods were analysed and rewritten
   */
  public record Result(String name, byte[] bytes, int methods) {}

  private ForcedRewrite() {}

  /**
   * Forces {@code classFile} through the pipeline.
   *
   * @param hierarchy the class hierarchy of the classes {@code classFile} refers to; the class itself is added
   * @throws AnalyzerException when a method cannot be analysed
   * @throws AssertionError when the writer reports diagnostics (a method too large, a class missing)
   */
  public static Result force(final byte[] classFile, final ClassHierarchy hierarchy) throws AnalyzerException {
    ClassReader reader = new ClassReader(classFile);
    ClassNode owner = new ClassNode();
    reader.accept(owner, ClassReader.EXPAND_FRAMES); // as ClassRewrite reads: the stack maps serve the analysis
    hierarchy.add(new ClassHierarchy.ClassInfo(owner.name, owner.access, owner.superName, owner.interfaces));
    NamedTypes.of(owner);
    MethodNames names = new MethodNames(owner);
    ClassOutput output = new ClassOutput(reader, hierarchy);
    int methods = 0;
    for (MethodNode method : owner.methods) {
      if (method.instructions.size() == 0) {
        continue; // abstract or native
      }
      MethodFlow flow = MethodFlow.analyze(owner, method, hierarchy);
      LiveLocals.compute(method.instructions, flow);
      MonitorDepth.compute(method.instructions, flow);
      for (AbstractInsnNode insn : method.instructions.toArray()) {
        if (insn instanceof FrameNode) {
          method.instructions.remove(insn);
        }
      }
      method.attrs = null; // as the rewrite does: a non-standard attribute may refer to the old code
      output.replace(new StateMachineBuilder.Output(method, null, null), names.position(method),
          names.describe(method));
      methods++;
    }
    ClassOutput.Written written = output.write();
    if (!written.diagnostics().isEmpty()) {
      throw new AssertionError(owner.name + ": " + written.diagnostics());
    }
    new ClassReader(written.bytes()).accept(new ClassNode(), 0);
    return new Result(owner.name, written.bytes(), methods);
  }
}
