package dev.weft.transformer.support;

/**
 * Sources of {@code @Async} methods at the JVM's limits (TEST-PLAN #15), each a class {@code fixtures.<name>} whose
 * {@code run()} returns a string the test can predict, so a run checks the result, not only that it ran.
 */
public final class LargeMethods {

  /** The bytes one {@link #filled} filler statement compiles to: getstatic, bipush, imul, bipush, iadd, putstatic. */
  public static final int FILLER_BYTES = 12;

  private LargeMethods() {}

  private static StringBuilder header(final String name) {
    return new StringBuilder("package fixtures;\n")
        .append("import static dev.weft.Weft.*;\n")
        .append("import static dev.weft.fixtures.Fx.*;\n")
        .append("import dev.weft.Async;\n")
        .append("import dev.weft.Task;\n")
        .append("public class ").append(name).append(" {\n")
        .append("  static int s;\n")
        .append("  @Async public static Task<String> run() {\n");
  }

  /**
   * {@code awaits} awaits first (an int, long, double or String in turn, each kept in a local that stays live to the
   * end), then {@code fillers} statements {@code s = s * 31 + 7;} on a static field (no locals, so the rewrite adds
   * the same bytes whatever their number), then a return of every local and {@code s}. See {@link #filledResult}.
   */
  public static String filled(final String name, final int awaits, final int fillers) {
    StringBuilder out = header(name);
    StringBuilder result = new StringBuilder("\"\"");
    for (int i = 0; i < awaits; i++) {
      String[] kind = kinds(i);
      out.append("    ").append(kind[0]).append(" v").append(i).append(" = await(val(").append(kind[1])
          .append("));\n");
      result.append(" + v").append(i).append(" + ','");
    }
    out.append("    s = 0;\n");
    for (int i = 0; i < fillers; i++) {
      out.append("    s = s * 31 + 7;\n");
    }
    return out.append("    return done(").append(result).append(" + s);\n  }\n}\n").toString();
  }

  /** What {@link #filled} returns. */
  public static String filledResult(final int awaits, final int fillers) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < awaits; i++) {
      out.append(kinds(i)[2]).append(',');
    }
    int s = 0;
    for (int i = 0; i < fillers; i++) {
      s = s * 31 + 7;
    }
    return out.append(s).toString();
  }

  /** For await {@code i}: the local's type, the awaited expression, and how the value prints. */
  private static String[] kinds(final int i) {
    switch (i % 4) {
      case 0:
        return new String[] {"int", String.valueOf(i), String.valueOf(i)};
      case 1:
        return new String[] {"long", i + "L", String.valueOf((long) i)};
      case 2:
        return new String[] {"double", i + ".5", String.valueOf(i + 0.5)};
      default:
        return new String[] {"String", "\"s" + i + "\"", "s" + i};
    }
  }

  /** {@code count} awaits in a row, {@code t += await(val(i))}; returns the sum, {@code count * (count - 1) / 2}. */
  public static String manyAwaits(final String name, final int count) {
    StringBuilder out = header(name).append("    int t = 0;\n");
    for (int i = 0; i < count; i++) {
      out.append("    t += await(val(").append(i).append("));\n");
    }
    return out.append("    return done(\"\" + t);\n  }\n}\n").toString();
  }

  /**
   * {@code wide} long and double locals (alternately, {@code 2 * wide} slots) assigned first, then three awaits with
   * all of them live, then their sums. See {@link #wideLocalsResult}.
   */
  public static String wideLocals(final String name, final int wide) {
    StringBuilder out = header(name);
    StringBuilder longs = new StringBuilder("0L");
    StringBuilder doubles = new StringBuilder("0.0");
    for (int i = 0; i < wide; i++) {
      if (i % 2 == 0) {
        out.append("    long w").append(i).append(" = ").append(3L * i + 1).append("L;\n");
        longs.append(" + w").append(i);
      } else {
        out.append("    double w").append(i).append(" = ").append(i).append(".25;\n");
        doubles.append(" + w").append(i);
      }
    }
    out.append("    int a = await(val(1));\n")
        .append("    long b = await(val(2L));\n")
        .append("    double c = await(val(3.5));\n");
    return out.append("    return done((").append(longs).append(") + \"|\" + (").append(doubles)
        .append(") + \"|\" + a + b + c);\n  }\n}\n").toString();
  }

  /** What {@link #wideLocals} returns. */
  public static String wideLocalsResult(final int wide) {
    long longs = 0L;
    double doubles = 0.0;
    for (int i = 0; i < wide; i++) {
      if (i % 2 == 0) {
        longs = longs + (3L * i + 1);
      } else {
        doubles = doubles + (i + 0.25);
      }
    }
    return longs + "|" + doubles + "|" + 1 + 2L + 3.5;
  }
}
