package dev.weft.transformer.rewrite;

import org.objectweb.asm.Type;

/**
 * Names and descriptors of the runtime entry points that rewritten code calls: {@code dev.weft.internal.Coroutine}
 * (the task and save area of one suspended call) and {@code dev.weft.internal.AwaitSupport}. The runtime's Javadoc
 * of those classes is the other half of this contract; {@code docs/design.md} describes the protocol.
 */
public final class RuntimeApi {

  public static final String ASYNC_DESC = "Ldev/weft/Async;";
  public static final String WEFT = "dev/weft/Weft";
  public static final String AWAIT = "await";
  public static final String TASK = "dev/weft/Task";
  public static final String COMPLETABLE_FUTURE = "java/util/concurrent/CompletableFuture";
  public static final String COMPLETION_STAGE = "java/util/concurrent/CompletionStage";
  public static final String COROUTINE = "dev/weft/internal/Coroutine";
  public static final String COROUTINE_DESC = "L" + COROUTINE + ";";
  public static final String RESUMER = "dev/weft/internal/Resumer";
  public static final String AWAIT_SUPPORT = "dev/weft/internal/AwaitSupport";
  public static final String TRANSFORMED_DESC = "Ldev/weft/internal/Transformed;";

  public static final String METHOD_SITE = "dev/weft/internal/MethodSite";

  /** {@code Coroutine.create(MethodSite site, Object self)}. */
  public static final String CREATE_DESC = "(L" + METHOD_SITE + ";Ljava/lang/Object;)" + COROUTINE_DESC;

  /** The signature of the resume bridge and of {@code Resumer.resume}. */
  public static final String RESUME_DESC = "(" + COROUTINE_DESC + ")V";

  private RuntimeApi() {
    throw new AssertionError();
  }

  /** Is this instruction's target {@code Weft.await(Task)} or {@code Weft.await(CompletionStage)}? */
  public static boolean isAwait(final String owner, final String name, final String desc) {
    return WEFT.equals(owner) && AWAIT.equals(name)
        && (desc.equals("(L" + TASK + ";)Ljava/lang/Object;")
            || desc.equals("(L" + COMPLETION_STAGE + ";)Ljava/lang/Object;"));
  }

  /** The awaitable's static type in an await descriptor: {@code dev/weft/Task} or {@code java/util/concurrent/CompletionStage}. */
  public static String awaitableOf(final String awaitDesc) {
    return Type.getArgumentTypes(awaitDesc)[0].getInternalName();
  }

  /** The kinds of {@code @Async} return type, numbered as {@code Coroutine.TASK} etc. */
  public enum Kind {
    TASK(0, RuntimeApi.TASK, "returnTask", "failTask"),
    COMPLETABLE_FUTURE(1, RuntimeApi.COMPLETABLE_FUTURE, "returnFuture", "failFuture"),
    COMPLETION_STAGE(2, RuntimeApi.COMPLETION_STAGE, "returnStage", "failStage");

    /** The runtime's number for this kind. */
    public final int code;
    /** Internal name of the declared return type. */
    public final String type;
    /** {@code AwaitSupport} method adopting a returned value. */
    public final String returnMethod;
    /** {@code AwaitSupport} method turning an escaped exception into the result. */
    public final String failMethod;

    Kind(final int code, final String type, final String returnMethod, final String failMethod) {
      this.code = code;
      this.type = type;
      this.returnMethod = returnMethod;
      this.failMethod = failMethod;
    }

    /** {@code (T;Coroutine)T} for {@link #returnMethod}. */
    public String returnDesc() {
      return "(L" + type + ";" + COROUTINE_DESC + ")L" + type + ";";
    }

    /** {@code (Throwable;Coroutine)T} for {@link #failMethod}. */
    public String failDesc() {
      return "(Ljava/lang/Throwable;" + COROUTINE_DESC + ")L" + type + ";";
    }

    /** The kind for a method descriptor's return type, or null when it returns no task type. */
    public static Kind ofMethod(final String methodDesc) {
      Type ret = Type.getReturnType(methodDesc);
      if (ret.getSort() != Type.OBJECT) {
        return null;
      }
      for (Kind kind : values()) {
        if (kind.type.equals(ret.getInternalName())) {
          return kind;
        }
      }
      return null;
    }
  }
}
