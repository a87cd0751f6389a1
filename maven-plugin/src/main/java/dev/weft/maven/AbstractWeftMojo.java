package dev.weft.maven;

import dev.weft.transformer.AsyncClassTransformer;
import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.hierarchy.ClassFileLocator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rewrites, in place, the {@code @Async} classes of one class directory. Subclasses name the directory, its
 * class path and its source roots; this class owns {@code skip}, the staleness stamp, the two passes and the
 * error report.
 *
 * <p>Two passes, as the command line does: every candidate class is transformed in memory first; every
 * diagnostic is logged (in javac's form, pointing at the source file); the build then fails once, with a
 * summary, and nothing is written. Only when nothing was rejected are the rewritten classes written, each
 * atomically. Classes with nothing to do are never touched.
 *
 * <p>Thread-safe in the sense Maven means ({@code threadSafe = true}): an instance serves one execution and
 * shares no state with others.
 */
public abstract class AbstractWeftMojo extends AbstractMojo {

  /** Skips the goal. */
  @Parameter(property = "weft.skip", defaultValue = "false")
  boolean skip;

  /** The project's base directory, against which error locations are made relative. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  File basedir;

  /** The build directory; the staleness stamp lives in its {@code maven-status/weft/}. */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  File buildDirectory;

  /** This plugin's version: part of the staleness fingerprint, so an upgrade re-runs the goal. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  String pluginVersion;

  /** @return the class directory to rewrite; never null, may not exist */
  abstract File classesDirectory();

  /** @return where referenced classes live (dependencies, other output directories); never null */
  abstract List<String> classpathElements();

  /** @return the source roots, to turn {@code shop/Cart.java} into {@code src/main/java/shop/Cart.java} */
  abstract List<String> sourceRoots();

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping Weft: weft.skip is true");
      return;
    }
    Path classes = classesDirectory().toPath();
    if (!Files.isDirectory(classes)) {
      getLog().info("Skipping Weft: " + classes + " does not exist (nothing was compiled)");
      return;
    }
    try {
      transform(classes);
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("weft: cannot rewrite " + classes + ": " + e.getMessage(), e);
    }
  }

  private void transform(final Path classes) throws IOException, MojoFailureException {
    List<Path> classFiles = classFiles(classes);
    StalenessTracker stamp = new StalenessTracker(
        buildDirectory.toPath().resolve("maven-status/weft/" + classes.getFileName() + ".stamp"), fingerprint());
    if (stamp.isUpToDate(classFiles)) {
      getLog().info("Weft: " + classes + " unchanged since the last run; nothing to do");
      return;
    }
    DiagnosticReporter reporter = new DiagnosticReporter(basedir.toPath(),
        sourceRoots().stream().map(Path::of).collect(Collectors.toList()), getLog());

    Map<Path, byte[]> changes = transformInMemory(classes, classFiles, reporter);
    String failure = reporter.failure();
    if (failure != null) {
      throw new MojoFailureException(failure);
    }
    for (Map.Entry<Path, byte[]> change : changes.entrySet()) {
      write(change.getKey(), change.getValue());
    }
    getLog().info("Weft: " + DiagnosticReporter.plural(changes.size(), "class") + " transformed, "
        + (classFiles.size() - changes.size()) + " unchanged in " + classes);
    stamp.record(classFiles);
  }

  /**
   * The first pass: every candidate transformed in memory, every problem reported; nothing written. Classes are
   * transformed in parallel (one transformer is safe to share: the agent shares one between class-loading
   * threads), then taken in file order, so the output and the order of the errors do not depend on the threads.
   */
  private Map<Path, byte[]> transformInMemory(final Path classes, final List<Path> classFiles,
      final DiagnosticReporter reporter) throws IOException {
    List<Candidate> candidates = new ArrayList<>();
    for (Path file : classFiles) {
      byte[] bytes = Files.readAllBytes(file);
      if (AsyncClassTransformer.isCandidate(bytes)) {
        candidates.add(new Candidate(file, bytes));
      }
    }
    Map<Path, byte[]> changes = new LinkedHashMap<>();
    try (ClassFileLocator.Closeable locator = ClassFileLocator.forPaths(searchPath(classes))) {
      AsyncClassTransformer transformer = new AsyncClassTransformer(locator);
      List<Outcome> outcomes = candidates.parallelStream().map(c -> c.transform(transformer))
          .collect(Collectors.toList());
      for (Outcome outcome : outcomes) {
        if (outcome.unreadable() != null) {
          reporter.reportUnreadable(outcome.file(), outcome.unreadable());
        } else if (outcome.result().status() == TransformResult.Status.TRANSFORMED) {
          changes.put(outcome.file(), outcome.result().bytes());
        } else if (outcome.result().status() == TransformResult.Status.REJECTED) {
          reporter.reportRejected(outcome.file(), outcome.result().diagnostics());
        }
      }
    }
    return changes;
  }

  /** A class file that mentions {@code @Async} or {@code await}. */
  private record Candidate(Path file, byte[] bytes) {
    Outcome transform(final AsyncClassTransformer transformer) {
      try {
        return new Outcome(file, transformer.transform(bytes), null);
      } catch (TransformException e) {
        return new Outcome(file, null, e.getMessage());
      }
    }
  }

  /** What became of one candidate: a result, or why its bytes could not be read. */
  private record Outcome(Path file, TransformResult result, String unreadable) {}

  /** The class directory first (its own classes reference each other), then the class path; the JDK is implied. */
  private List<Path> searchPath(final Path classes) {
    List<Path> path = new ArrayList<>();
    path.add(classes);
    for (String element : classpathElements()) {
      path.add(Path.of(element));
    }
    return path;
  }

  /**
   * What the output depends on besides the class files: the plugin and transformer version, and the class
   * path (jars by size and time, so an updated SNAPSHOT dependency counts; directories by name only).
   */
  private String fingerprint() throws IOException {
    StringBuilder inputs = new StringBuilder(String.valueOf(pluginVersion));
    Path transformerJar = codeSource();
    if (transformerJar != null && Files.isRegularFile(transformerJar)) {
      inputs.append('|').append(Files.getLastModifiedTime(transformerJar).toMillis());
    }
    for (String element : classpathElements()) {
      Path path = Path.of(element);
      inputs.append('|').append(element);
      if (Files.isRegularFile(path)) {
        inputs.append('@').append(Files.size(path)).append('@').append(Files.getLastModifiedTime(path).toMillis());
      }
    }
    return Integer.toHexString(inputs.toString().hashCode()) + "-" + inputs.length();
  }

  private static Path codeSource() {
    try {
      return Path.of(AsyncClassTransformer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      return null; // only weakens the fingerprint
    }
  }

  private static List<Path> classFiles(final Path classes) throws IOException {
    try (Stream<Path> walk = Files.walk(classes)) {
      return walk.filter(f -> f.getFileName().toString().endsWith(".class") && Files.isRegularFile(f))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Writes beside the target, then moves it over, so an interrupted build never leaves half a class. */
  private static void write(final Path file, final byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".weft-tmp");
    Files.write(temp, bytes);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
