package dev.weft.transformer.cli;

import dev.weft.transformer.AsyncClassTransformer;
import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: rewrites the {@code @Async} classes of directories and jars in place.
 *
 * <pre>
 * java -jar weft-transformer-&lt;version&gt;.jar [--classpath PATH] DIR|JAR...
 *
 *   --classpath PATH   directories and jars (separated by the platform's path separator) where the classes
 *                      that the inputs reference live; the inputs themselves and the JDK are always searched
 * </pre>
 *
 * <p>Two passes: every class is transformed in memory first; only when no method was rejected and every class
 * was readable are the rewritten classes written, each file (or whole jar) atomically. Classes with nothing to
 * do are never written, so they keep their bytes and time stamps. Diagnostics go to standard error in javac's
 * form ({@code shop/Cart.java:42: error: ...}), followed by one summary line.
 *
 * <p>Exit status: {@value #OK} done; {@value #REJECTED} at least one method rejected, nothing written;
 * {@value #BAD_INPUT} bad arguments or unreadable input (a missing path, a file that is neither a directory
 * nor a jar, a class file the transformer cannot parse), nothing written.
 *
 * <p>Not thread-safe; one run per call of {@link #run}.
 */
public final class TransformerMain {

  /** Exit status: done. */
  public static final int OK = 0;
  /** Exit status: at least one method rejected; nothing written. */
  public static final int REJECTED = 1;
  /** Exit status: bad arguments or unreadable input; nothing written. */
  public static final int BAD_INPUT = 2;

  private TransformerMain() {
    throw new AssertionError("no instances");
  }

  /** Runs the command line and exits the JVM with its status. */
  public static void main(final String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line without exiting.
   *
   * @param args the arguments; never null
   * @param out where {@code --help} goes; never null
   * @param err where diagnostics and the summary go; never null
   * @return the exit status: {@link #OK}, {@link #REJECTED} or {@link #BAD_INPUT}
   */
  static int run(final String[] args, final PrintStream out, final PrintStream err) {
    if (Arguments.wantsHelp(args)) {
      out.println(Arguments.USAGE);
      out.println("Rewrites the @Async methods of the classes under each directory, or inside each jar, in place.");
      out.println("  --classpath PATH  where referenced classes live (the inputs and the JDK are always searched)");
      out.println("Exit status: 0 done, 1 a method was rejected (nothing written), 2 bad arguments or input.");
      return OK;
    }
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (Arguments.Invalid e) {
      err.println("weft: error: " + e.getMessage());
      err.println(Arguments.USAGE);
      return BAD_INPUT;
    }
    try {
      return transform(arguments, err);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // A bug in the transformer must not read as "rejected" (the JVM's status for an uncaught exception is 1).
      err.println("weft: error: internal error: " + e);
      e.printStackTrace(err);
      return BAD_INPUT;
    }
  }

  private static int transform(final Arguments arguments, final PrintStream err) {
    List<ClassInput> inputs = new ArrayList<>();
    boolean unreadable = false;
    for (Path path : arguments.inputs()) {
      try {
        inputs.add(ClassInput.open(path));
      } catch (NoSuchFileException e) {
        err.println("weft: error: " + path + ": no such directory or jar");
        unreadable = true;
      } catch (IOException e) {
        err.println("weft: error: " + path + ": " + e.getMessage());
        unreadable = true;
      }
    }
    if (unreadable) {
      return BAD_INPUT;
    }
    for (Path entry : arguments.classpath()) {
      if (!Files.exists(entry)) {
        err.println("weft: warning: classpath entry " + entry + " does not exist");
      }
    }

    List<Path> searchPath = new ArrayList<>(arguments.classpath());
    searchPath.addAll(arguments.inputs());
    Pass pass = new Pass(err);
    try (ClassFileLocator.Closeable classFiles = ClassFileLocator.forPaths(searchPath)) {
      AsyncClassTransformer transformer = new AsyncClassTransformer(classFiles);
      for (ClassInput input : inputs) {
        input.forEachClass((name, bytes) -> pass.transform(transformer, input, name, bytes));
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("weft: error: " + e.getMessage());
      return BAD_INPUT;
    }

    if (pass.unreadable > 0) {
      err.println("weft: " + plural(pass.unreadable, "class file") + " could not be read; nothing written");
      return BAD_INPUT;
    }
    if (pass.rejected > 0) {
      err.println("weft: " + plural(pass.rejected, "method") + " rejected; nothing written");
      return REJECTED;
    }
    for (Map.Entry<ClassInput, Map<String, byte[]>> changed : pass.changes.entrySet()) {
      try {
        changed.getKey().write(changed.getValue());
      } catch (IOException e) {
        err.println("weft: error: cannot write " + changed.getKey().path() + ": " + e);
        return BAD_INPUT;
      }
    }
    err.println("weft: " + plural(pass.transformed, "class") + " transformed, " + pass.unchanged + " unchanged");
    return OK;
  }

  /** The first pass: transforms in memory, reports diagnostics, and keeps what the second pass writes. */
  private static final class Pass {
    private final PrintStream err;
    /** Rewritten classes by input, in input order; inputs without a change are absent. */
    final Map<ClassInput, Map<String, byte[]>> changes = new LinkedHashMap<>();
    int transformed;
    int unchanged;
    int rejected;
    int unreadable;

    Pass(final PrintStream err) {
      this.err = err;
    }

    void transform(final AsyncClassTransformer transformer, final ClassInput input, final String name,
        final byte[] bytes) {
      if (!AsyncClassTransformer.isCandidate(bytes)) {
        unchanged++;
        return;
      }
      TransformResult result;
      try {
        result = transformer.transform(bytes);
      } catch (TransformException e) {
        err.println(input.locationOf(name) + ": error: " + e.getMessage());
        unreadable++;
        return;
      }
      switch (result.status()) {
        case TRANSFORMED:
          // Defensive: identical output is no change, and unchanged files are never written.
          if (Arrays.equals(result.bytes(), bytes)) {
            unchanged++;
          } else {
            changes.computeIfAbsent(input, k -> new LinkedHashMap<>()).put(name, result.bytes());
            transformed++;
          }
          break;
        case REJECTED:
          for (Diagnostic diagnostic : result.diagnostics()) {
            err.println(diagnostic.format());
          }
          rejected += Math.max(1, result.diagnostics().size());
          break;
        default:
          unchanged++;
      }
    }
  }

  private static String plural(final int count, final String noun) {
    if (count == 1) {
      return "1 " + noun;
    }
    return count + " " + (noun.endsWith("s") ? noun + "es" : noun + "s");
  }
}
