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
import org.objectweb.asm.tree.analysis.BasicValue;
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
    for (MethodNode method : node.methods) {
      Verifier verifier = new Verifier(hierarchy, Type.getObjectType(node.name), superType, interfaces, isInterface);
      try {
        new Analyzer<>(verifier).analyze(node.name, method);
      } catch (AnalyzerException | RuntimeException e) {
        out.println(method.name + method.desc + ": " + e);
      }
    }
    out.flush();
    return report.toString();
  }

  /** ASM's verifier over a hierarchy read from class files. */
  private static final class Verifier extends SimpleVerifier {

    private final ClassHierarchy hierarchy;

    Verifier(final ClassHierarchy hierarchy, final Type currentClass, final Type superClass,
        final List<Type> interfaces, final boolean isInterface) {
      super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
      this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isInterface(final Type type) {
      return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(final Type type) {
      if (type.getSort() != Type.OBJECT) {
        return Type.getObjectType("java/lang/Object"); // arrays
      }
      String superName = hierarchy.superName(type.getInternalName());
      return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(final Type type1, final Type type2) {
      if (type1.equals(type2)) {
        return true;
      }
      if (type1.getSort() == Type.ARRAY) {
        if (type2.getSort() != Type.ARRAY) {
          return false;
        }
        Type e1 = Type.getType(type1.getDescriptor().substring(1));
        Type e2 = Type.getType(type2.getDescriptor().substring(1));
        boolean refs = isReference(e1) && isReference(e2);
        return refs ? isAssignableFrom(e1, e2) : e1.equals(e2);
      }
      if (type1.getSort() != Type.OBJECT) {
        return false;
      }
      String target = type1.getInternalName();
      if (type2.getSort() == Type.ARRAY) {
        return target.equals("java/lang/Object") || target.equals("java/lang/Cloneable")
            || target.equals("java/io/Serializable");
      }
      return type2.getSort() == Type.OBJECT
          && hierarchy.isSubclassOrImplementation(type2.getInternalName(), target);
    }

    private static boolean isReference(final Type type) {
      return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    /**
     * {@link SimpleVerifier#isSubTypeOf} asks a {@link Class} one question, after the hierarchy said no: is the
     * expected type an interface (then any reference passes, as in the JVM's verifier)? A stand-in answers it.
     */
    @Override
    protected Class<?> getClass(final Type type) {
      return isInterface(type) ? Runnable.class : Object.class;
    }
  }
}
