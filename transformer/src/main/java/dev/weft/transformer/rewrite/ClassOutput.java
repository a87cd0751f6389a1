package dev.weft.transformer.rewrite;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.hierarchy.MissingClassException;
import dev.weft.transformer.rules.Rejections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.MethodNode;

/**
 * Writes a class whose rewritten methods are known: copies everything else from the reader, computes frames for the
 * rewritten methods only, and turns the writer's failures (a method over 64 KiB, a constant pool over its limit, a
 * class missing for a frame merge) into diagnostics.
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
  /** Where the first rewritten method is, or null. */
  private SourcePosition firstPosition;
  /** The original method's descriptor, by name + descriptor of the method written in its place. */
  private final Map<String, String> originalDescriptors = new HashMap<>();

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
    firstPosition = firstPosition == null ? position : firstPosition;
    descriptions.put(stub.name, description);
    originalDescriptors.put(stub.name + stub.desc, stub.desc);
    if (output.body() != null) {
      originalDescriptors.put(output.body().name + output.body().desc, stub.desc);
      positions.put(output.body().name, position);
      descriptions.put(output.body().name, description);
      additions.add(output.body());
      additions.add(output.bridge());
    }
  }

  /** Writes the class. */
  public Written write() {
    HierarchyClassWriter writer = new HierarchyClassWriter(reader, hierarchy);
    MethodSwap swap = new MethodSwap(writer, replacements, additions);
    try {
      reader.accept(swap, 0);
      byte[] bytes = writer.toByteArray();
      ReadBack.check(bytes, ownMethods());
      return new Written(bytes, List.of());
    } catch (MethodTooLargeException tooLarge) {
      String name = tooLarge.getMethodName();
      SourcePosition at = positions.getOrDefault(name, SourcePosition.of(tooLarge.getClassName(), null, -1));
      String original = originalDescriptors.get(name + tooLarge.getDescriptor());
      return new Written(null, List.of(Rejections.tooLarge(at, descriptions.getOrDefault(name, name),
          original == null ? -1 : codeLength(reader, name, original), tooLarge.getCodeSize())));
    } catch (ClassTooLargeException tooLarge) {
      // The whole class, not one method: its constant pool. Pointed at the first rewritten method, whose additions
      // are the cause. ASM would throw it raw.
      SourcePosition at = firstPosition != null ? firstPosition : SourcePosition.of(reader.getClassName(), null, -1);
      return new Written(null, List.of(Rejections.classTooLarge(at, reader.getClassName().replace('/', '.'),
          reader.getItemCount() - 1, tooLarge.getConstantPoolCount() - 1)));
    } catch (MissingClassException missing) {
      // Frames are computed as each rewritten method is written: the error belongs to that method.
      String name = swap.writing();
      SourcePosition at = name == null ? null : positions.get(name);
      String method = name == null ? null : descriptions.get(name);
      return new Written(null, List.of(Rejections.missingClass(
          at != null ? at : SourcePosition.of(reader.getClassName(), null, -1),
          method != null ? method : reader.getClassName().replace('/', '.'), missing.className())));
    }
  }

  private Set<String> ownMethods() {
    Set<String> own = new HashSet<>(replacements.keySet());
    for (MethodNode added : additions) {
      own.add(added.name + added.desc);
    }
    return own;
  }

  /**
   * The {@code code_length} of method {@code name + descriptor} in the input, read from its {@code Code} attribute
   * (exact, where ASM's {@code CodeSizeEvaluator} only bounds it), or -1 when there is no such method with code.
   */
  static int codeLength(final ClassReader reader, final String name, final String descriptor) {
    char[] buffer = new char[reader.getMaxStringLength()];
    int at = reader.header + 6;
    at += 2 + 2 * reader.readUnsignedShort(at); // interfaces
    int fields = reader.readUnsignedShort(at);
    at += 2;
    for (int i = 0; i < fields; i++) {
      at = skipAttributes(reader, at + 8, reader.readUnsignedShort(at + 6));
    }
    int methods = reader.readUnsignedShort(at);
    at += 2;
    for (int i = 0; i < methods; i++) {
      boolean wanted = reader.readUTF8(at + 2, buffer).equals(name)
          && reader.readUTF8(at + 4, buffer).equals(descriptor);
      int attributes = reader.readUnsignedShort(at + 6);
      at += 8;
      for (int j = 0; j < attributes; j++) {
        if (wanted && reader.readUTF8(at, buffer).equals("Code")) {
          return reader.readInt(at + 10); // after attribute name and length, max_stack and max_locals
        }
        at += 6 + reader.readInt(at + 2);
      }
    }
    return -1;
  }

  private static int skipAttributes(final ClassReader reader, final int start, final int count) {
    int at = start;
    for (int i = 0; i < count; i++) {
      at += 6 + reader.readInt(at + 2);
    }
    return at;
  }
}
