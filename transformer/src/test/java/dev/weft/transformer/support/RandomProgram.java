package dev.weft.transformer.support;

import java.util.Random;

/**
 * Writes a random Java class whose {@code @Async} methods put awaits in random positions: nested in int, long,
 * double, String and boolean expressions (so values of every width sit on the operand stack at suspensions),
 * in conditions, loops, switches, try/catch/finally, array stores and method arguments. Every program
 * terminates (loops are bounded by literals) and prints its whole state, so a difference anywhere shows.
 *
 * <p>The same seed always gives the same source.
 */
public final class RandomProgram {

  private static final int METHODS = 4;
  private static final int STATEMENTS = 6;

  private final Random random;
  private final StringBuilder out = new StringBuilder();
  private int loops;

  private RandomProgram(final long seed) {
    this.random = new Random(seed);
  }

  /** The source of class {@code fixtures.<name>} for {@code seed}. */
  public static String source(final String name, final long seed) {
    return new RandomProgram(seed).write(name);
  }

  private String write(final String name) {
    out.append("package fixtures;\n")
        .append("import static dev.weft.Weft.*;\n")
        .append("import static dev.weft.fixtures.Fx.*;\n")
        .append("import dev.weft.Async;\n")
        .append("import dev.weft.Task;\n")
        .append("public class ").append(name).append(" {\n")
        .append("  static int h(int x, long y, String t) { return (int) (x + y + t.length()); }\n")
        .append("  @Async public static Task<String> run() {\n")
        .append("    StringBuilder out = new StringBuilder();\n");
    for (int m = 0; m < METHODS; m++) {
      out.append("    out.append(await(m").append(m).append('(').append(random.nextInt(10)).append(", ")
          .append(random.nextInt(100)).append("L, ").append(random.nextInt(8)).append(".5, \"p")
          .append(random.nextInt(10)).append("\", ").append(random.nextBoolean()).append("))).append(';');\n");
    }
    out.append("    return done(out.toString());\n  }\n");
    for (int m = 0; m < METHODS; m++) {
      out.append("  @Async static Task<String> m").append(m)
          .append("(int a, long l, double d, String s, boolean z) {\n")
          .append("    StringBuilder log = new StringBuilder();\n")
          .append("    int b = ").append(random.nextInt(10)).append(";\n")
          .append("    int[] arr = new int[4];\n");
      for (int i = 0; i < STATEMENTS; i++) {
        statement(2, "    ");
      }
      out.append("    return done(log + \"|\" + a + \"|\" + b + \"|\" + l + \"|\" + d + \"|\" + s + \"|\" + z"
          + " + \"|\" + java.util.Arrays.toString(arr));\n  }\n");
    }
    return out.append("}\n").toString();
  }

  private void statement(final int depth, final String indent) {
    int kind = random.nextInt(depth > 0 ? 12 : 7);
    out.append(indent);
    switch (kind) {
      case 0 -> out.append("a = ").append(intExpr(2)).append(";\n");
      case 1 -> out.append("l += ").append(longExpr(2)).append(";\n");
      case 2 -> out.append("d = d * 0.5 + ").append(doubleExpr(2)).append(";\n");
      case 3 -> out.append("log.append(\"\" + ").append(anyExpr(2)).append(").append(',');\n");
      case 4 -> out.append("arr[").append(intExpr(1)).append(" & 3] ").append(random.nextBoolean() ? "=" : "+=")
          .append(' ').append(intExpr(2)).append(";\n");
      case 5 -> out.append("z = ").append(cond(2)).append(";\n");
      case 6 -> out.append(random.nextBoolean() ? "b = Math.max(" + intExpr(1) + ", " + intExpr(1) + ");\n"
          : "s = " + stringExpr(1) + " + s.length();\n");
      case 7, 8 -> {
        out.append("if (").append(cond(2)).append(") {\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("} else {\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("}\n");
      }
      case 9 -> {
        String i = "i" + loops++;
        String bound = random.nextBoolean() ? String.valueOf(1 + random.nextInt(3))
            : "await(val(" + (1 + random.nextInt(3)) + "))";
        out.append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(bound).append("; ")
            .append(i).append("++) {\n");
        out.append(indent).append("  log.append(").append(i).append(");\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("}\n");
      }
      case 10 -> {
        out.append("switch (").append(intExpr(1)).append(" & 3) {\n");
        out.append(indent).append("  case 0:\n");
        block(depth - 1, indent + "    ");
        out.append(indent).append("    break;\n");
        out.append(indent).append("  case 1:\n");
        block(depth - 1, indent + "    ");
        out.append(indent).append("  case 2:\n");
        block(depth - 1, indent + "    ");
        out.append(indent).append("    break;\n");
        out.append(indent).append("  default:\n");
        block(depth - 1, indent + "    ");
        out.append(indent).append("}\n");
      }
      default -> {
        out.append("try {\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("  if (").append(cond(1)).append(") { await(fail(new IllegalStateException(\"e\" + ")
            .append(intExpr(1)).append("))); }\n");
        block(depth - 1, indent + "  ");
        String e = "e" + loops++;
        out.append(indent).append("} catch (IllegalStateException ").append(e).append(") {\n");
        out.append(indent).append("  log.append(\"c:\").append(").append(e).append(".getMessage());\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("} finally {\n");
        out.append(indent).append("  log.append('f');\n");
        block(depth - 1, indent + "  ");
        out.append(indent).append("}\n");
      }
    }
  }

  private void block(final int depth, final String indent) {
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      statement(depth, indent);
    }
  }

  private String anyExpr(final int depth) {
    return switch (random.nextInt(5)) {
      case 0 -> intExpr(depth);
      case 1 -> longExpr(depth);
      case 2 -> doubleExpr(depth);
      case 3 -> cond(depth);
      default -> stringExpr(depth);
    };
  }

  private String intExpr(final int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 4);
    return switch (kind) {
      case 0 -> "a";
      case 1 -> "b";
      case 2 -> String.valueOf(random.nextInt(10));
      case 3 -> "s.length()";
      case 4, 5 -> "await(val(" + intExpr(depth - 1) + "))";
      case 6 -> "(" + intExpr(depth - 1) + " + " + intExpr(depth - 1) + ")";
      case 7 -> "(" + cond(depth - 1) + " ? " + intExpr(depth - 1) + " : " + intExpr(depth - 1) + ")";
      case 8 -> "arr[" + intExpr(depth - 1) + " & 3]";
      default -> "h(" + intExpr(depth - 1) + ", " + longExpr(depth - 1) + ", " + stringExpr(depth - 1) + ")";
    };
  }

  private String longExpr(final int depth) {
    int kind = random.nextInt(depth > 0 ? 5 : 2);
    return switch (kind) {
      case 0 -> "l";
      case 1 -> random.nextInt(50) + "L";
      case 2 -> "await(val(" + longExpr(depth - 1) + "))";
      case 3 -> "(" + longExpr(depth - 1) + " + " + intExpr(depth - 1) + ")";
      default -> "(" + longExpr(depth - 1) + " * 2L)";
    };
  }

  private String doubleExpr(final int depth) {
    int kind = random.nextInt(depth > 0 ? 4 : 2);
    return switch (kind) {
      case 0 -> "d";
      case 1 -> random.nextInt(9) + ".25";
      case 2 -> "await(val(" + doubleExpr(depth - 1) + "))";
      default -> "(" + doubleExpr(depth - 1) + " + " + intExpr(depth - 1) + ")";
    };
  }

  private String stringExpr(final int depth) {
    int kind = random.nextInt(depth > 0 ? 4 : 2);
    return switch (kind) {
      case 0 -> "s";
      case 1 -> "\"k" + random.nextInt(10) + "\"";
      case 2 -> "await(val(" + stringExpr(depth - 1) + "))";
      default -> "(" + stringExpr(depth - 1) + " + " + intExpr(depth - 1) + ")";
    };
  }

  private String cond(final int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 2);
    return switch (kind) {
      case 0 -> "z";
      case 1 -> "(a < b)";
      case 2 -> "(" + intExpr(depth - 1) + " < " + intExpr(depth - 1) + ")";
      case 3 -> "(" + cond(depth - 1) + " && " + cond(depth - 1) + ")";
      case 4 -> "(" + cond(depth - 1) + " || " + cond(depth - 1) + ")";
      case 5 -> "!" + cond(depth - 1);
      default -> "await(val(" + cond(depth - 1) + "))";
    };
  }
}
