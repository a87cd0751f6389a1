package dev.weft.transformer.support;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * {@link CheckClassAdapter#verify(ClassReader, ClassLoader, boolean, PrintWriter)} with every class question
 * answered from class files through a {@link ClassHierarchy} instead of by loading classes: the same structural
 * check and the same {@link SimpleVerifier} data-flow analysis per method, so class files of another JDK (JDK 25's
 * from JDK 17) can be verified against that JDK's own hierarchy.
 */
public final class HierarchyVerification {

  private HierarchyVerification() {}

  /** The verifier's report on {@code classFile}; empty when it verifies. */
  public static String verify(final byte[] classFile, final ClassHierarchy hierarchy) {
    StringWriter report = new StringWriter();
    PrintWriter out = new PrintWriter(report);
    ClassNode node = new ClassNode();
    try {
      new ClassReader(classFile).accept(new CheckClassAdapter(Opcodes.ASM9, node, false) {}, ClassReader.SKIP_DEBUG);
    } catch (RuntimeException malformed) {
      return "structural check: " + malformed;
    }
    Type superType = node.superName == null ? null : Type.getObjectType(node.superName);
    List<Type> interfaces = new ArrayList<>();
    for (String name : node.interfaces) {
      interfaces.add(Type.getObjectType(name));
    }
    boolean isInterface = (node.access & Opcodes.ACC_INTERFACE) != 0;
    TypeFacts facts = TypeFacts.reading(hierarchy);
    for (MethodNode method : node.methods) {
      SimpleVerifier verifier = facts.verifier(Type.getObjectType(node.name), superType, interfaces, isInterface);
      try {
        new Analyzer<>(verifier).analyze(node.name, method);
      } catch (AnalyzerException | RuntimeException e) {
        out.println(method.name + method.desc + ": " + e);
      }
    }
    out.flush();
    return report.toString();
  }
}
