package dev.weft.maven;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * Logs transformer diagnostics in javac's form, pointing at the real source file: a class file only knows
 * {@code shop/Cart.java}, so each compile source root is tried and the first that holds the file gives
 * {@code src/main/java/shop/Cart.java:42}, relative to the project's base directory as javac's own messages
 * appear in a Maven log. A file found in no source root keeps the class file's view of its position.
 *
 * <p>It also counts what it reported, for the one failure that ends the goal.
 *
 * <p>Not thread-safe; one instance per mojo execution.
 */
final class DiagnosticReporter {

  private final Path basedir;
  private final List<Path> sourceRoots;
  private final Log log;
  private int rejected;
  private int unreadable;

  /**
   * @param basedir the project's base directory; never null
   * @param sourceRoots the compile source roots, absolute or relative to {@code basedir}; never null
   * @param log where errors go; never null
   */
  DiagnosticReporter(final Path basedir, final List<Path> sourceRoots, final Log log) {
    this.basedir = basedir.toAbsolutePath().normalize();
    this.sourceRoots = sourceRoots.stream().map(this.basedir::resolve).map(Path::normalize).toList();
    this.log = log;
  }

  /**
   * Logs the rejections of one class, one error per diagnostic.
   *
   * @param classFile the class file, named when the transformer gave no diagnostic; never null
   * @param diagnostics what was rejected; never null
   */
  void reportRejected(final Path classFile, final List<Diagnostic> diagnostics) {
    for (Diagnostic diagnostic : diagnostics) {
      log.error(diagnostic.format(locate(diagnostic.position())));
      rejected++;
    }
    if (diagnostics.isEmpty()) { // not expected of the transformer, but a rejection must never pass silently
      log.error(relative(classFile) + ": error: rejected by the transformer");
      rejected++;
    }
  }

  /** Logs a class file the transformer could not read, e.g. {@code target/classes/shop/Cart.class: error: ...}. */
  void reportUnreadable(final Path classFile, final String message) {
    log.error(relative(classFile) + ": error: " + message);
    unreadable++;
  }

  /** @return the failure summary, e.g. {@code weft: 2 methods rejected; see errors above}, or null when none */
  String failure() {
    if (rejected + unreadable == 0) {
      return null;
    }
    List<String> what = new ArrayList<>();
    if (rejected > 0) {
      what.add(plural(rejected, "method") + " rejected");
    }
    if (unreadable > 0) {
      what.add(plural(unreadable, "class file") + " unreadable");
    }
    return "weft: " + String.join(", ", what) + "; see errors above";
  }

  /** {@code 1 class}, {@code 2 classes}, {@code 0 methods}. */
  static String plural(final int count, final String noun) {
    if (count == 1) {
      return "1 " + noun;
    }
    return count + " " + (noun.endsWith("s") ? noun + "es" : noun + "s");
  }

  /** @return the location text before {@code ": error: "}; never null */
  String locate(final SourcePosition position) {
    if (position.sourcePath() != null) {
      for (Path root : sourceRoots) {
        Path source = root.resolve(position.sourcePath());
        if (Files.isRegularFile(source)) {
          String where = relative(source);
          return position.line() > 0 ? where + ":" + position.line() : where + " (no line numbers)";
        }
      }
    }
    return position.toString();
  }

  private String relative(final Path path) {
    Path file = path.toAbsolutePath().normalize();
    return file.startsWith(basedir) ? basedir.relativize(file).toString() : file.toString();
  }
}
