package dev.weft.agent;

import java.nio.charset.StandardCharsets;

/** Hand-made class-file bytes for tests. */
final class ClassBytes {

  private ClassBytes() {
    throw new AssertionError("no instances");
  }

  /**
   * A class file whose constant pool names {@code @Async}, cut off right after that constant: the pre-filter
   * takes it for a candidate, and neither the transformer nor the JVM can parse it.
   */
  static byte[] truncatedCandidate() {
    byte[] name = "Ldev/weft/Async;".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[10 + 3 + name.length];
    int[] header = {0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 61, 0, 5};
    for (int i = 0; i < header.length; i++) {
      bytes[i] = (byte) header[i];
    }
    bytes[10] = 1; // CONSTANT_Utf8
    bytes[12] = (byte) name.length;
    System.arraycopy(name, 0, bytes, 13, name.length);
    return bytes;
  }

  /** Not a class file at all, and certainly not a candidate. */
  static byte[] notACandidate() {
    return new byte[] {0xC, 0xA, 0xF, 0xE};
  }
}
