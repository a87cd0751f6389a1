package dev.weft.transformer.rewrite;

import dev.weft.transformer.rewrite.RuntimeApi.Kind;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one {@code @Async} method into a state machine. For {@code Task<T> m(A a)} it makes:
 *
 * <ul>
 *   <li>the <b>stub</b> {@code m(A a)}, keeping the method's name, descriptor, annotations and signature:
 *       {@code return m(a, null);}
 *   <li>the <b>body</b> {@code private synthetic m(A a, Coroutine c)}: the original code, emitted once, with a
 *       resume dispatch in front, each await split into a fast path and a suspension, each return adopted by the
 *       coroutine, and a catch-all turning escaped exceptions into the result;
 *   <li>the <b>resume bridge</b> {@code private static synthetic weft$resume$N(Coroutine c)}, the target of the
 *       {@code Resumer} lambda: calls the body on the saved receiver with default arguments.
 * </ul>
 *
 * <p>Each await {@code x} (stack {@code [..., x]}) becomes:
 *
 * <pre>
 *   dup; AwaitSupport.isDone(x); ifeq SUSPEND_k
 *   AwaitSupport.valueOf(x); goto CONT_k          // fast path: nothing allocated
 * LAND_k:                                          // resume path enters here, inside the same try ranges
 *   c.resumeValue()                                // value, or the original exception, or CancelledException
 * CONT_k:
 * </pre>
 *
 * and, after the method's code (outside every try range): {@code SUSPEND_k} creates the coroutine on first
 * suspension, saves the stack below {@code x} and the live locals, and returns {@code c.suspend(k, x)};
 * {@code RESTORE_k} (reached from the dispatch switch) restores them and jumps to {@code LAND_k}. A method
 * without awaits is rewritten in place (returns and the catch-all only).
 *
 * <p>Frames are left to the class writer (computed for the rewritten methods only).
 */
public final class StateMachineBuilder {

  /**
   * The methods that replace one original method.
   *
   * @param stub the method under the original name and descriptor
   * @param body the state machine, or null when the method has no suspension (then the stub holds everything)
   * @param bridge the resume bridge, or null likewise
   */
  public record Output(MethodNode stub, MethodNode body, MethodNode bridge) {}

  /** {@code MethodSite.bootstrap}: makes the method's one MethodSite (resumer lambda, kind, sizes, sites). */
  private static final Handle SITE_BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, RuntimeApi.METHOD_SITE,
      "bootstrap", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/invoke/MethodHandle;Ljava/lang/String;III)Ljava/lang/invoke/CallSite;", false);

  private final ClassNode owner;
  private final MethodNode method;
  private final Kind kind;
  private final SuspensionPlan plan;
  private final String bridgeName;
  private final boolean isStatic;
  private final boolean ownerIsInterface;
  private final int paramSlots;
  private final String bodyDesc;

  /**
   * @param owner the class; its method list is not modified here
   * @param method the original method; its instructions are moved into the output
   * @param kind its return kind
   * @param plan what each await saves (from the analysis of {@code method})
   * @param bridgeName a name for the resume bridge, unique in the class
   */
  StateMachineBuilder(final ClassNode owner, final MethodNode method, final Kind kind, final SuspensionPlan plan,
      final String bridgeName) {
    this.owner = owner;
    this.method = method;
    this.kind = kind;
    this.plan = plan;
    this.bridgeName = bridgeName;
    this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
    this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
    this.paramSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);
    this.bodyDesc = method.desc.replace(")", RuntimeApi.COROUTINE_DESC + ")");
  }

  /**
   * Rewrites {@code method} of {@code owner}. Moves the method's instructions into the output; the caller replaces
   * the original method with {@link Output#stub()} and adds the others.
   *
   * @param awaits the method's await calls, in instruction order
   * @param flow, live the analysis of the method as it is now
   * @param namedTypes the classes the class's code names ({@link dev.weft.transformer.analysis.NamedTypes})
   * @param bridgeName a method name unique in the class, for the resume bridge
   */
  public static Output rewrite(final ClassNode owner, final MethodNode method, final Kind kind,
      final List<MethodInsnNode> awaits, final dev.weft.transformer.analysis.MethodFlow flow,
      final dev.weft.transformer.analysis.LiveLocals live,
      final dev.weft.transformer.hierarchy.ClassHierarchy hierarchy, final java.util.Set<String> namedTypes,
      final String bridgeName) {
    int slash = owner.name.lastIndexOf('/');
    String pkg = slash < 0 ? "" : owner.name.substring(0, slash);
    SuspensionPlan plan = SuspensionPlan.of(method, awaits, flow, live, hierarchy, pkg, namedTypes,
        index -> dev.weft.transformer.diag.MethodNames.lineOf(method.instructions.get(index)));
    return new StateMachineBuilder(owner, method, kind, plan, bridgeName).build();
  }

  /** Builds the replacement methods. */
  public Output build() {
    int firstLine = firstLine();
    if (plan.points.isEmpty()) {
      method.attrs = null; // as for the stub below: non-standard attributes may refer to the old code
      rewriteCode(false);
      return new Output(method, null, null);
    }
    MethodNode body = new MethodNode(Opcodes.ASM9,
        (method.access & Opcodes.ACC_STATIC) | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC,
        method.name, bodyDesc, null, method.exceptions.toArray(new String[0]));
    rewriteCode(true);
    body.instructions = method.instructions;
    body.tryCatchBlocks = method.tryCatchBlocks;
    body.localVariables = method.localVariables;
    body.maxLocals = method.maxLocals + 2;
    body.maxStack = method.maxStack;
    return new Output(stub(firstLine), body, bridge());
  }

  // ---------------------------------------------------------------- body

  private int coroutineSlot() {
    return paramSlots;
  }

  private int awaitableSlot() {
    return method.maxLocals + 1;
  }

  private int shifted(final int local) {
    return local >= paramSlots ? local + 1 : local;
  }

  private void rewriteCode(final boolean suspends) {
    InsnList code = method.instructions;
    List<AbstractInsnNode> returns = new ArrayList<>();
    for (AbstractInsnNode insn : code.toArray()) {
      if (insn instanceof FrameNode) {
        code.remove(insn);
      } else if (insn.getOpcode() == Opcodes.ARETURN) {
        returns.add(insn);
      } else if (suspends && insn instanceof VarInsnNode var) {
        var.var = shifted(var.var);
      } else if (suspends && insn instanceof IincInsnNode iinc) {
        iinc.var = shifted(iinc.var);
      }
    }
    if (suspends && method.localVariables != null) {
      for (LocalVariableNode local : method.localVariables) {
        local.index = shifted(local.index);
      }
    }
    method.visibleLocalVariableAnnotations = null;
    method.invisibleLocalVariableAnnotations = null;
    for (AbstractInsnNode ret : returns) {
      InsnList adopt = new InsnList();
      loadCoroutine(adopt, suspends);
      adopt.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.AWAIT_SUPPORT, kind.returnMethod,
          kind.returnDesc(), false));
      code.insertBefore(ret, adopt);
    }

    LabelNode start = new LabelNode();
    LabelNode end = new LabelNode();
    LabelNode handler = new LabelNode();
    InsnList tail = new InsnList();
    InsnList prologue = new InsnList();
    if (suspends) {
      LabelNode[] restores = new LabelNode[plan.points.size()];
      for (int i = 0; i < restores.length; i++) {
        restores[i] = new LabelNode();
      }
      prologue = dispatch(start, restores, tail);
      for (SuspensionPlan.Point point : plan.points) {
        rewriteAwait(point, restores[point.state() - 1], tail);
      }
    }
    prologue.add(start);
    code.insert(prologue);
    code.add(end);
    code.add(tail);
    code.add(handler);
    loadCoroutine(code, suspends);
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.AWAIT_SUPPORT, kind.failMethod, kind.failDesc(),
        false));
    code.add(new InsnNode(Opcodes.ARETURN));
    // Last in the table: the user's own handlers take precedence.
    method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, "java/lang/Throwable"));
  }

  private void loadCoroutine(final InsnList code, final boolean suspends) {
    code.add(suspends ? new VarInsnNode(Opcodes.ALOAD, coroutineSlot()) : new InsnNode(Opcodes.ACONST_NULL));
  }

  /** {@code if (c != null) switch (c.state()) { case k: goto RESTORE_k; default: throw }}. */
  private InsnList dispatch(final LabelNode start, final LabelNode[] restores, final InsnList tail) {
    InsnList code = new InsnList();
    code.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot()));
    code.add(new JumpInsnNode(Opcodes.IFNULL, start));
    code.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot()));
    code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeApi.COROUTINE, "state", "()I", false));
    LabelNode corrupt = new LabelNode();
    code.add(new TableSwitchInsnNode(1, restores.length, corrupt, restores));
    tail.add(corrupt);
    tail.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
    tail.add(new InsnNode(Opcodes.DUP));
    tail.add(new LdcInsnNode("weft: no suspension point for this resume state"));
    tail.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
        "(Ljava/lang/String;)V", false));
    tail.add(new InsnNode(Opcodes.ATHROW));
    return code;
  }

  /** Replaces one await with the site code, and appends its SUSPEND and RESTORE blocks to {@code tail}. */
  private void rewriteAwait(final SuspensionPlan.Point point, final LabelNode restore, final InsnList tail) {
    String awaitable = RuntimeApi.awaitableOf(point.await().desc);
    String awaitableDesc = "L" + awaitable + ";";
    LabelNode suspend = new LabelNode();
    LabelNode land = new LabelNode();
    LabelNode cont = new LabelNode();

    InsnList site = new InsnList();
    site.add(new InsnNode(Opcodes.DUP));
    site.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.AWAIT_SUPPORT, "isDone",
        "(" + awaitableDesc + ")Z", false));
    site.add(new JumpInsnNode(Opcodes.IFEQ, suspend));
    site.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.AWAIT_SUPPORT, "valueOf",
        "(" + awaitableDesc + ")Ljava/lang/Object;", false));
    site.add(new JumpInsnNode(Opcodes.GOTO, cont));
    site.add(land);
    site.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot()));
    site.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeApi.COROUTINE, "resumeValue",
        "()Ljava/lang/Object;", false));
    site.add(cont);
    method.instructions.insertBefore(point.await(), site);
    method.instructions.remove(point.await());

    // SUSPEND_k: [..., x] -> save everything, return c.suspend(k, x)
    tail.add(suspend);
    markLine(tail, point.line());
    tail.add(new VarInsnNode(Opcodes.ASTORE, awaitableSlot()));
    LabelNode haveCoroutine = new LabelNode();
    tail.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot()));
    tail.add(new JumpInsnNode(Opcodes.IFNONNULL, haveCoroutine));
    createCoroutine(tail);
    tail.add(haveCoroutine);
    List<SavedValue> stack = point.stack();
    for (int i = stack.size() - 1; i >= 0; i--) {
      stack.get(i).emitSave(tail, coroutineSlot());
    }
    for (SuspensionPlan.Local local : point.locals()) {
      local.value().emitLoadLocal(tail, shifted(local.index()));
      local.value().emitSave(tail, coroutineSlot());
    }
    tail.add(new VarInsnNode(Opcodes.ALOAD, coroutineSlot()));
    tail.add(SavedValue.pushInt(point.state()));
    tail.add(new VarInsnNode(Opcodes.ALOAD, awaitableSlot()));
    tail.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeApi.COROUTINE, "suspend",
        "(I" + awaitableDesc + ")Ljava/lang/Object;", false));
    tail.add(new TypeInsnNode(Opcodes.CHECKCAST, kind.type));
    tail.add(new InsnNode(Opcodes.ARETURN));

    // RESTORE_k: push the saved stack back, reload the live locals, continue at LAND_k
    tail.add(restore);
    markLine(tail, point.line());
    for (SavedValue value : stack) {
      value.emitRestore(tail, coroutineSlot());
    }
    for (SuspensionPlan.Local local : point.locals()) {
      local.value().emitRestore(tail, coroutineSlot());
      local.value().emitStoreLocal(tail, shifted(local.index()));
    }
    tail.add(new JumpInsnNode(Opcodes.GOTO, land));
  }

  /** {@code c = Coroutine.create(<the method's MethodSite, made once by invokedynamic>, this|null)}. */
  private void createCoroutine(final InsnList code) {
    code.add(new InvokeDynamicInsnNode("site", "()L" + RuntimeApi.METHOD_SITE + ";", SITE_BOOTSTRAP,
        new Handle(Opcodes.H_INVOKESTATIC, owner.name, bridgeName, RuntimeApi.RESUME_DESC, ownerIsInterface),
        sites(), kind.code, plan.refSlots, plan.primSlots));
    code.add(isStatic ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, 0));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeApi.COROUTINE, "create", RuntimeApi.CREATE_DESC,
        false));
    code.add(new VarInsnNode(Opcodes.ASTORE, coroutineSlot()));
  }

  /**
   * The constant naming the method's suspension points for the runtime (task dumps, async stack traces):
   * {@code "<binary class>|<method>|<source file>|<line 1>,<line 2>,..."}, lines in state order.
   */
  private String sites() {
    StringBuilder text = new StringBuilder(owner.name.replace('/', '.')).append('|').append(displayName())
        .append('|').append(owner.sourceFile == null ? "" : owner.sourceFile).append('|');
    for (SuspensionPlan.Point point : plan.points) {
      text.append(point.state() == 1 ? "" : ",").append(point.line());
    }
    return text.toString();
  }

  /** The method's name as a user knows it: a lambda body is named after its enclosing method. */
  private String displayName() {
    if (method.name.startsWith("lambda$")) {
      int end = method.name.indexOf('$', "lambda$".length());
      return "lambda in " + (end < 0 ? method.name : method.name.substring("lambda$".length(), end));
    }
    return method.name;
  }

  private static void markLine(final InsnList code, final int line) {
    if (line > 0) {
      LabelNode here = new LabelNode();
      code.add(here);
      code.add(new LineNumberNode(line, here));
    }
  }

  // ---------------------------------------------------------------- stub and bridge

  private int firstLine() {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof LineNumberNode number) {
        return number.line;
      }
    }
    return -1;
  }

  /** The original method, now {@code return m(args..., null)}; keeps every attribute but the code. */
  private MethodNode stub(final int line) {
    MethodNode stub = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc, method.signature,
        method.exceptions.toArray(new String[0]));
    stub.visibleAnnotations = method.visibleAnnotations;
    stub.invisibleAnnotations = method.invisibleAnnotations;
    stub.visibleParameterAnnotations = method.visibleParameterAnnotations;
    stub.invisibleParameterAnnotations = method.invisibleParameterAnnotations;
    stub.visibleAnnotableParameterCount = method.visibleAnnotableParameterCount;
    stub.invisibleAnnotableParameterCount = method.invisibleAnnotableParameterCount;
    stub.visibleTypeAnnotations = method.visibleTypeAnnotations;
    stub.invisibleTypeAnnotations = method.invisibleTypeAnnotations;
    stub.parameters = method.parameters;
    // Non-standard attributes are not copied: their content may refer to the code being rewritten.
    stub.attrs = null;
    InsnList code = stub.instructions;
    markLine(code, line);
    int slot = 0;
    if (!isStatic) {
      code.add(new VarInsnNode(Opcodes.ALOAD, 0));
      slot = 1;
    }
    for (Type arg : Type.getArgumentTypes(method.desc)) {
      code.add(new VarInsnNode(arg.getOpcode(Opcodes.ILOAD), slot));
      slot += arg.getSize();
    }
    code.add(new InsnNode(Opcodes.ACONST_NULL));
    invokeBody(code);
    code.add(new InsnNode(Opcodes.ARETURN));
    stub.maxLocals = slot;
    stub.maxStack = slot + 1;
    return stub;
  }

  /** {@code static void weft$resume$N(Coroutine c) { [((Owner) c.self()).]m(defaults..., c); }}. */
  private MethodNode bridge() {
    MethodNode bridge = new MethodNode(Opcodes.ASM9,
        Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, bridgeName, RuntimeApi.RESUME_DESC, null,
        null);
    InsnList code = bridge.instructions;
    if (!isStatic) {
      code.add(new VarInsnNode(Opcodes.ALOAD, 0));
      code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeApi.COROUTINE, "self", "()Ljava/lang/Object;",
          false));
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, owner.name));
    }
    for (Type arg : Type.getArgumentTypes(method.desc)) {
      code.add(defaultValue(arg));
    }
    code.add(new VarInsnNode(Opcodes.ALOAD, 0));
    invokeBody(code);
    code.add(new InsnNode(Opcodes.POP));
    code.add(new InsnNode(Opcodes.RETURN));
    bridge.maxLocals = 1;
    bridge.maxStack = paramSlots + 2;
    return bridge;
  }

  private void invokeBody(final InsnList code) {
    code.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner.name, method.name,
        bodyDesc, ownerIsInterface));
  }

  private static AbstractInsnNode defaultValue(final Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        return new InsnNode(Opcodes.LCONST_0);
      case Type.FLOAT:
        return new InsnNode(Opcodes.FCONST_0);
      case Type.DOUBLE:
        return new InsnNode(Opcodes.DCONST_0);
      case Type.OBJECT: case Type.ARRAY:
        return new InsnNode(Opcodes.ACONST_NULL);
      default:
        return new InsnNode(Opcodes.ICONST_0);
    }
  }
}
