package dev.weft.transformer;

import dev.weft.transformer.analysis.LiveLocals;
import dev.weft.transformer.analysis.MethodFlow;
import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.MethodNames;
import dev.weft.transformer.diag.SourcePosition;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.hierarchy.MissingClassException;
import dev.weft.transformer.rewrite.ClassOutput;
import dev.weft.transformer.rewrite.ConstructorReorder;
import dev.weft.transformer.rewrite.RuntimeApi;
import dev.weft.transformer.rewrite.StateMachineBuilder;
import dev.weft.transformer.rules.MethodRules;
import dev.weft.transformer.rules.Rejections;
import dev.weft.transformer.scan.AsyncMethodScanner;
import dev.weft.transformer.scan.AsyncMethodScanner.AsyncMethod;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * One transformation of one class file: read, check, analyse, rewrite, write. Nothing is written when any method
 * is rejected; every rejection of the class is reported at once.
 *
 * <p>Not thread-safe; one instance per class file.
 */
final class ClassRewrite {

  /** Oldest and newest class-file major versions handled (Java 8 to Java 25). */
  static final int OLDEST = Opcodes.V1_8;
  static final int NEWEST = 69;

  private final byte[] input;
  private final ClassHierarchy hierarchy;

  /** @param hierarchy shared between the classes of one transformer; this class's own entry is added to it */
  ClassRewrite(final byte[] input, final ClassHierarchy hierarchy) {
    this.input = input;
    this.hierarchy = hierarchy;
  }

  /**
   * Transforms the class. Fails closed: whatever goes wrong on malformed input (or through a bug of ours) becomes a
   * {@link TransformException}, and the class stays as it was.
   */
  TransformResult run() throws TransformException {
    try {
      return transform();
    } catch (RuntimeException | StackOverflowError | AssertionError broken) {
      // ASM signals some malformed code with AssertionError; our own bugs land here too.
      throw new TransformException("cannot rewrite class: " + broken, broken);
    }
  }

  private TransformResult transform() throws TransformException {
    if (!CandidateFilter.isCandidate(input)) {
      return TransformResult.unchanged(null, input);
    }
    ClassReader reader;
    ClassNode owner = new ClassNode();
    int major;
    try {
      reader = new ClassReader(input);
      major = reader.readUnsignedShort(6);
      if (major < OLDEST || major > NEWEST) {
        String name = reader.getClassName();
        return TransformResult.rejected(name, input,
            List.of(Rejections.unsupportedVersion(SourcePosition.of(name, null, -1), major)));
      }
      reader.accept(owner, ClassReader.EXPAND_FRAMES); // the stack maps serve the analysis (MethodFlow)
    } catch (RuntimeException malformed) {
      throw new TransformException("malformed class file: " + malformed, malformed);
    }
    if ((owner.access & Opcodes.ACC_MODULE) != 0 || isMarked(owner)) {
      return TransformResult.unchanged(owner.name, input);
    }
    AsyncMethodScanner.Result scan = AsyncMethodScanner.scan(owner);
    if (scan.isEmpty()) {
      return TransformResult.unchanged(owner.name, input);
    }
    hierarchy.add(new ClassHierarchy.ClassInfo(owner.name, owner.access, owner.superName, owner.interfaces));
    MethodNames names = new MethodNames(owner);
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (AsyncMethodScanner.StrayAwaits stray : scan.strays()) {
      diagnostics.add(MethodRules.stray(stray, names));
    }
    List<Analysed> analysed = new ArrayList<>();
    for (AsyncMethod method : scan.asyncMethods()) {
      Diagnostic shape = MethodRules.checkShape(method, names);
      if (shape != null) {
        diagnostics.add(shape);
        continue;
      }
      try {
        MethodFlow flow = MethodFlow.analyze(owner, method.method(), hierarchy);
        List<Diagnostic> found = MethodRules.checkSuspensions(method, flow, names);
        var news = ConstructorReorder.newsAcrossAwaits(method.method(), method.awaits(), flow.frames);
        if (found.isEmpty() && !news.isEmpty()) {
          if (ConstructorReorder.apply(owner, method.method(), news, flow.frames)) {
            flow = MethodFlow.infer(owner, method.method(), hierarchy); // the moved code no longer fits its frames
          }
          found = MethodRules.uninitializedAcrossAwait(method, flow, names);
        }
        if (found.isEmpty()) {
          analysed.add(new Analysed(method, flow, LiveLocals.compute(method.method().instructions, flow)));
        }
        diagnostics.addAll(found);
      } catch (MissingClassException missing) {
        diagnostics.add(Rejections.missingClass(names.position(method.method()), names.describe(method.method()),
            missing.className()));
      } catch (AnalyzerException | RuntimeException broken) {
        diagnostics.add(Rejections.unanalysable(names.position(method.method()), names.describe(method.method()),
            String.valueOf(broken.getMessage())));
      }
    }
    if (!diagnostics.isEmpty()) {
      return TransformResult.rejected(owner.name, input, diagnostics);
    }
    try {
      return write(reader, owner, analysed, hierarchy, names);
    } catch (MissingClassException missing) {
      return TransformResult.rejected(owner.name, input, List.of(Rejections.missingClass(
          SourcePosition.of(owner.name, owner.sourceFile, -1), names.className(), missing.className())));
    }
  }

  private TransformResult write(final ClassReader reader, final ClassNode owner, final List<Analysed> analysed,
      final ClassHierarchy hierarchy, final MethodNames names) {
    ClassOutput output = new ClassOutput(reader, hierarchy);
    java.util.Set<String> namedTypes = dev.weft.transformer.analysis.NamedTypes.of(owner);
    int bridges = 0;
    for (Analysed a : analysed) {
      SourcePosition position = names.position(a.method.method());
      String description = names.describe(a.method.method());
      StateMachineBuilder.Output out = StateMachineBuilder.rewrite(owner, a.method.method(), a.method.kind(),
          a.method.awaits(), a.flow, a.live, hierarchy, namedTypes, "weft$resume$" + bridges);
      if (out.bridge() != null) {
        bridges++;
      }
      output.replace(out, position, description);
    }
    ClassOutput.Written written = output.write();
    if (!written.diagnostics().isEmpty()) {
      return TransformResult.rejected(owner.name, input, written.diagnostics());
    }
    return TransformResult.transformed(owner.name, written.bytes());
  }

  private static boolean isMarked(final ClassNode owner) {
    if (owner.invisibleAnnotations != null) {
      for (AnnotationNode annotation : owner.invisibleAnnotations) {
        if (RuntimeApi.TRANSFORMED_DESC.equals(annotation.desc)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An accepted method with its analysis. */
  private record Analysed(AsyncMethod method, MethodFlow flow, LiveLocals live) {}
}
