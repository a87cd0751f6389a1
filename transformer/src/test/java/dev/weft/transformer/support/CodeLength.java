package dev.weft.transformer.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * The exact {@code code_length} of each method of a class file, read from its {@code Code} attribute (ASM's tree API
 * does not keep it, and {@code CodeSizeEvaluator} only bounds it), and the size of its constant pool.
 */
public final class CodeLength {

  private CodeLength() {}

  /** {@code code_length} by {@code name + descriptor}, for methods with code, in class-file order. */
  public static Map<String, Integer> of(final byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    char[] buffer = new char[reader.getMaxStringLength()];
    int at = reader.header + 6;
    at += 2 + 2 * reader.readUnsignedShort(at); // interfaces
    int fields = reader.readUnsignedShort(at);
    at += 2;
    for (int i = 0; i < fields; i++) {
      at = skipAttributes(reader, at + 6);
    }
    Map<String, Integer> lengths = new LinkedHashMap<>();
    int methods = reader.readUnsignedShort(at);
    at += 2;
    for (int i = 0; i < methods; i++) {
      String name = reader.readUTF8(at + 2, buffer) + reader.readUTF8(at + 4, buffer);
      int attributes = reader.readUnsignedShort(at + 6);
      at += 8;
      for (int j = 0; j < attributes; j++) {
        if (reader.readUTF8(at, buffer).equals("Code")) {
          lengths.put(name, reader.readInt(at + 10)); // after name, length, max_stack, max_locals
        }
        at += 6 + reader.readInt(at + 2);
      }
    }
    return lengths;
  }

  /** The class's {@code constant_pool_count} (one more than its entries; at most 65535). */
  public static int constantPoolCount(final byte[] classFile) {
    return new ClassReader(classFile).readUnsignedShort(8);
  }

  private static int skipAttributes(final ClassReader reader, final int at) {
    int count = reader.readUnsignedShort(at);
    int next = at + 2;
    for (int i = 0; i < count; i++) {
      next += 6 + reader.readInt(next + 2);
    }
    return next;
  }
}
