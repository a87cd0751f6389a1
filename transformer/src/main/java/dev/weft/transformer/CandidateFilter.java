package dev.weft.transformer;

/**
 * Decides from the raw constant pool, without building any ASM structure, whether a class file could need
 * rewriting: it must name {@code dev/weft/Async} (the annotation) or {@code dev/weft/Weft} together with the
 * method name {@code await}. Every other class is left alone, so the agent's cost for the JDK and the
 * application's ordinary classes is one linear scan of the constant pool.
 */
final class CandidateFilter {

  private static final byte[] ASYNC = utf8("Ldev/weft/Async;");
  private static final byte[] WEFT = utf8("dev/weft/Weft");
  private static final byte[] AWAIT = utf8("await");

  private CandidateFilter() {
    throw new AssertionError();
  }

  /** @return true when the constant pool names the annotation, or both Weft and await; false for non-class bytes */
  static boolean isCandidate(final byte[] b) {
    if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE
        || (b[2] & 0xFF) != 0xBA || (b[3] & 0xFF) != 0xBE) {
      return false;
    }
    int count = u2(b, 8);
    int offset = 10;
    boolean weft = false;
    boolean await = false;
    try {
      for (int i = 1; i < count; i++) {
        int tag = b[offset] & 0xFF;
        switch (tag) {
          case 1: { // Utf8
            int length = u2(b, offset + 1);
            int start = offset + 3;
            if (equals(b, start, length, ASYNC)) {
              return true;
            }
            weft |= equals(b, start, length, WEFT);
            await |= equals(b, start, length, AWAIT);
            offset = start + length;
            break;
          }
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
            offset += 5;
            break;
          case 5: case 6: // Long, Double take two entries
            offset += 9;
            i++;
            break;
          case 7: case 8: case 16: case 19: case 20:
            offset += 3;
            break;
          case 15:
            offset += 4;
            break;
          default:
            return false; // malformed: not ours to judge here
        }
      }
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return false;
    }
    return weft && await;
  }

  private static int u2(final byte[] b, final int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  private static boolean equals(final byte[] b, final int start, final int length, final byte[] expected) {
    if (length != expected.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (b[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(final String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
