package dev.weft.internal;

import java.util.Optional;

/**
 * The error {@code Weft.await} raises when it actually runs, which means the calling method was not rewritten
 * into a state machine. The message names the calling method and either why the transformer rejected its class
 * (the agent publishes rejections as system properties {@code dev.weft.rejected.<binary class name>}) or how to
 * enable the transformation.
 *
 * <p>Threads: any.
 */
public final class NotTransformed {

  /** Prefix of the system properties through which the agent publishes why a class was left untransformed. */
  public static final String REJECTED_PREFIX = "dev.weft.rejected.";

  private static final StackWalker WALKER = StackWalker.getInstance();

  private NotTransformed() {
    throw new AssertionError();
  }

  /**
   * Builds the error for an {@code await} called from untransformed code.
   *
   * @return the exception to throw
   */
  public static IllegalStateException awaitCalled() {
    Optional<StackWalker.StackFrame> caller = WALKER.walk(frames -> frames
        .filter(f -> !f.getClassName().equals(NotTransformed.class.getName())
            && !f.getClassName().equals("dev.weft.Weft"))
        .findFirst());
    String where = caller.map(NotTransformed::describe).orElse("an unknown method");
    String className = caller.map(StackWalker.StackFrame::getClassName).orElse("");
    String reason = className.isEmpty() ? null : System.getProperty(REJECTED_PREFIX + className);
    StringBuilder sb = new StringBuilder("await() called in ").append(where)
        .append(", which was not transformed into a state machine");
    if (reason != null && !reason.isBlank()) {
      sb.append(": the transformer rejected it:\n").append(reason);
    } else {
      sb.append(". Mark the method @Async (a lambda passed to spawn must return a Task, CompletableFuture or "
          + "CompletionStage) and enable the transformation: build with the weft-maven-plugin, run with "
          + "-javaagent:weft-agent.jar, or call dev.weft.agent.WeftAgent.install() before any @Async class loads");
    }
    return new IllegalStateException(sb.toString());
  }

  private static String describe(final StackWalker.StackFrame f) {
    String file = f.getFileName();
    int line = f.getLineNumber();
    String at = file == null ? "" : " (" + file + (line > 0 ? ":" + line : "") + ")";
    return f.getClassName() + "." + f.getMethodName() + at;
  }
}
