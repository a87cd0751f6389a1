package dev.weft.transformer.rules;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;

/**
 * Every error the transformer reports, one factory per construct; {@code docs/errors.md} lists the same set with
 * causes and fixes. Texts follow javac's form: the headline names the construct and the method.
 */
public final class Rejections {

  private Rejections() {
    throw new AssertionError();
  }

  public static Diagnostic awaitInSynchronizedBlock(final SourcePosition at, final String method) {
    return new Diagnostic(at, "await inside synchronized block in " + method,
        "A monitor cannot be held across a suspension: other tasks run while it is held, and the method may resume"
            + " where it was never taken.",
        "move the await out of the synchronized block, or guard the section with dev.weft.sync.AsyncLock.");
  }

  public static Diagnostic awaitInSynchronizedMethod(final SourcePosition at, final String method) {
    return new Diagnostic(at, "await inside synchronized @Async method " + method,
        "The method's monitor would be held across a suspension.",
        "remove 'synchronized' and guard the state with dev.weft.sync.AsyncLock.");
  }

  public static Diagnostic asyncConstructor(final SourcePosition at, final String method) {
    return new Diagnostic(at, "@Async not allowed on constructors: " + method,
        "A constructor cannot suspend: 'this' is not initialised until it returns.",
        "use an @Async static factory method that awaits first, then calls the constructor.");
  }

  public static Diagnostic awaitInConstructor(final SourcePosition at, final String method) {
    return new Diagnostic(at, "await not allowed in constructor " + method,
        "A constructor cannot suspend: 'this' is not initialised until it returns.",
        "await in an @Async static factory method and pass the values to the constructor.");
  }

  public static Diagnostic awaitInStaticInitializer(final SourcePosition at, final String method) {
    return new Diagnostic(at, "await not allowed in static initializer of " + method,
        "Class initialisation cannot suspend: other threads would block on the class's initialisation lock.",
        "initialise the value lazily from an @Async method, or compute it before the class is used.");
  }

  public static Diagnostic noBody(final SourcePosition at, final String method) {
    return new Diagnostic(at, "@Async method " + method + " has no body",
        "Only a method with code can be rewritten into a state machine; abstract and native methods cannot.",
        "remove @Async here and put it on the implementations.");
  }

  public static Diagnostic notATaskType(final SourcePosition at, final String method, final String returnType) {
    return new Diagnostic(at, "@Async method " + method + " returns " + returnType + ", not a task type",
        "An @Async method hands its result back through a Task, CompletableFuture or CompletionStage.",
        "declare the return type as dev.weft.Task<T>, CompletableFuture<T> or CompletionStage<T> and return done(x).");
  }

  public static Diagnostic awaitOutsideAsync(final SourcePosition at, final String method) {
    return new Diagnostic(at, "await outside @Async method in " + method,
        "Only an @Async method (or a lambda returning a task type) can suspend; here await would fail at run time.",
        "mark " + method + " @Async and return Task<T>, CompletableFuture<T> or CompletionStage<T>.");
  }

  public static Diagnostic awaitInPlainLambda(final SourcePosition at, final String lambda) {
    return new Diagnostic(at, "await in a " + lambda + " whose functional method does not return a task type",
        "A lambda can suspend only when its functional method returns Task, CompletableFuture or CompletionStage.",
        "return Task/CompletableFuture from the lambda (e.g. use spawn(() -> { ...; return done(x); })),"
            + " or move the await out of it.");
  }

  public static Diagnostic uninitializedAcrossAwait(final SourcePosition at, final String method,
      final String className) {
    return new Diagnostic(at, "await inside the arguments of 'new " + className.replace('/', '.') + "(...)' in "
            + method + " is not supported yet",
        "The object being constructed is not initialised at the suspension point.",
        "assign the awaited value to a local variable first, then call the constructor.");
  }

  public static Diagnostic missingClass(final SourcePosition at, final String method, final String className) {
    return new Diagnostic(at, "cannot find class " + className.replace('/', '.') + " needed to rewrite " + method,
        "Types at a suspension point are merged from class files, and this one is not on the transformer's class path.",
        "add the jar or directory that holds it to the class path (the plugin uses the project's compile class"
            + " path; the command line takes --classpath).");
  }

  public static Diagnostic tooLarge(final SourcePosition at, final String method, final int before,
      final int after) {
    return new Diagnostic(at, method + " too large after transformation (" + before + " -> " + after + " bytes)",
        "The JVM limits a method's code to 65535 bytes; saving and restoring values at each await adds code.",
        "split the method into smaller @Async methods.");
  }

  /** @param before, after the constant pool's entries in the input and as the rewrite would write it */
  public static Diagnostic classTooLarge(final SourcePosition at, final String className, final int before,
      final int after) {
    return new Diagnostic(at, className + " too large after transformation (constant pool: " + before + " -> "
            + after + " entries)",
        "The JVM limits a class's constant pool to 65534 entries; the rewritten methods add the names, types and"
            + " constants they use.",
        "move some methods or constants of the class into another class.");
  }

  public static Diagnostic unsupportedVersion(final SourcePosition at, final int major) {
    String why = major < 52
        ? "class version " + major + " is older than Java 8; Weft rewrites class files of Java 8 to 25."
        : "unsupported class file major version " + major + "; Weft rewrites class files of Java 8 to 25.";
    return new Diagnostic(at, why, "The class uses @Async or await but its format is outside the supported range.",
        "recompile with --release 8 or newer (up to 25).");
  }

  public static Diagnostic unanalysable(final SourcePosition at, final String method, final String cause) {
    return new Diagnostic(at, "cannot analyse " + method + ": " + cause,
        "The method's bytecode could not be analysed for its suspension points.",
        "report this with the class file; meanwhile move the awaits into a smaller @Async method.");
  }
}
