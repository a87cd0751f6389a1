package dev.weft.transformer.diag;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Names methods the way a user wrote them: {@code Cart.total(int, String)}, and a javac lambda body by its
 * enclosing method and line ({@code lambda at Cart.java:17 in Cart.total()}), never {@code lambda$total$0}.
 */
public final class MethodNames {

  private final ClassNode owner;
  private final Map<String, String> lambdaOrigins = new HashMap<>();

  /** Indexes the lambdas of {@code owner} by the method whose {@code invokedynamic} creates them. */
  public MethodNames(final ClassNode owner) {
    this.owner = owner;
    for (MethodNode method : owner.methods) {
      if (method.instructions == null) {
        continue;
      }
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof InvokeDynamicInsnNode indy) {
          for (Object arg : indy.bsmArgs) {
            if (arg instanceof Handle handle && handle.getOwner().equals(owner.name)
                && handle.getName().startsWith("lambda$")) {
              lambdaOrigins.putIfAbsent(handle.getName() + handle.getDesc(),
                  "lambda at " + position(indy) + " in " + plain(method));
            }
          }
        }
      }
    }
  }

  /** The user's name for {@code method}. */
  public String describe(final MethodNode method) {
    String origin = lambdaOrigins.get(method.name + method.desc);
    return origin != null ? origin : plain(method);
  }

  /** The position of an instruction: the source position of the nearest line number before it. */
  public SourcePosition position(final AbstractInsnNode insn) {
    return SourcePosition.of(owner.name, owner.sourceFile, lineOf(insn));
  }

  /** The position of a method's first line. */
  public SourcePosition position(final MethodNode method) {
    int line = -1;
    if (method.instructions != null) {
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof LineNumberNode number) {
          line = number.line;
          break;
        }
      }
    }
    return SourcePosition.of(owner.name, owner.sourceFile, line);
  }

  /** The line of the nearest line number before {@code insn}, or -1. */
  public static int lineOf(final AbstractInsnNode insn) {
    for (AbstractInsnNode at = insn; at != null; at = at.getPrevious()) {
      if (at instanceof LineNumberNode number) {
        return number.line;
      }
    }
    return -1;
  }

  /** The class's simple name as written in source ({@code Outer.Inner}). */
  public String className() {
    return owner.name.substring(owner.name.lastIndexOf('/') + 1).replace('$', '.');
  }

  private String plain(final MethodNode method) {
    String simple = owner.name.substring(owner.name.lastIndexOf('/') + 1);
    String name = method.name.equals("<init>") ? simple.substring(simple.lastIndexOf('$') + 1)
        : method.name;
    StringBuilder text = new StringBuilder(simple.replace('$', '.')).append('.').append(name).append('(');
    Type[] args = Type.getArgumentTypes(method.desc);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i].getClassName();
      text.append(i == 0 ? "" : ", ").append(arg.substring(arg.lastIndexOf('.') + 1).replace('$', '.'));
    }
    return text.append(')').toString();
  }
}
