package dev.weft.transformer.rewrite;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.hierarchy.MissingClassException;
import dev.weft.transformer.rules.Rejections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.MethodNode;

/**
 * Writes a class whose rewritten methods are known: copies everything else from the reader, computes frames for the
 * rewritten methods only, and turns the writer's failures (a method over 64 KiB, a class missing for a frame merge)
 * into diagnostics.
 */
public final class ClassOutput {

  /**
   * The written class, or why it could not be written.
   *
   * @param bytes the class file, or null when {@code diagnostics} is not empty
   * @param diagnostics the errors
   */
  public record Written(byte[] bytes, List<Diagnostic> diagnostics) {}

  private final ClassReader reader;
  private final ClassHierarchy hierarchy;
  private final Map<String, MethodNode> replacements = new LinkedHashMap<>();
  private final List<MethodNode> additions = new ArrayList<>();
  private final Map<String, SourcePosition> positions = new HashMap<>();
  private final Map<String, String> descriptions = new HashMap<>();
  private final Map<String, Integer> originalSizes = new HashMap<>();

  public ClassOutput(final ClassReader reader, final ClassHierarchy hierarchy) {
    this.reader = reader;
    this.hierarchy = hierarchy;
  }

  /** Records one rewritten method, with where to point errors about it. */
  public void replace(final StateMachineBuilder.Output output, final SourcePosition position,
      final String description) {
    MethodNode stub = output.stub();
    replacements.put(stub.name + stub.desc, stub);
    positions.put(stub.name, position);
    descriptions.put(stub.name, description);
    if (output.body() != null) {
      additions.add(output.body());
      additions.add(output.bridge());
    }
  }

  /** Writes the class. */
  public Written write() {
    HierarchyClassWriter writer = new HierarchyClassWriter(reader, hierarchy);
    try {
      reader.accept(new MethodSwap(writer, replacements, additions), 0);
      return new Written(writer.toByteArray(), List.of());
    } catch (MethodTooLargeException tooLarge) {
      String name = tooLarge.getMethodName();
      SourcePosition at = positions.getOrDefault(name, SourcePosition.of(tooLarge.getClassName(), null, -1));
      return new Written(null, List.of(Rejections.tooLarge(at, descriptions.getOrDefault(name, name),
          originalCodeSize(name), tooLarge.getCodeSize())));
    } catch (MissingClassException missing) {
      SourcePosition at = SourcePosition.of(reader.getClassName(), null, -1);
      return new Written(null, List.of(Rejections.missingClass(at, reader.getClassName().replace('/', '.'),
          missing.className())));
    }
  }

  /** The code length of the method named {@code name} in the input (the first such method), or -1. */
  private int originalCodeSize(final String name) {
    int[] size = {-1};
    reader.accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
      @Override
      public org.objectweb.asm.MethodVisitor visitMethod(final int access, final String methodName,
          final String descriptor, final String signature, final String[] exceptions) {
        if (!methodName.equals(name) || size[0] >= 0) {
          return null;
        }
        org.objectweb.asm.MethodVisitor counter = new org.objectweb.asm.MethodVisitor(
            org.objectweb.asm.Opcodes.ASM9) {};
        return new org.objectweb.asm.commons.CodeSizeEvaluator(counter) {
          @Override
          public void visitEnd() {
            size[0] = getMaxSize();
          }
        };
      }
    }, ClassReader.SKIP_FRAMES);
    return size[0];
  }
}
