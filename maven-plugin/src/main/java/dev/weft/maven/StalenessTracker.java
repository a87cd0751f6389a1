package dev.weft.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Remembers, in a small file under {@code target/maven-status/weft/}, what the last successful run saw, so that
 * a rebuild in which nothing changed does no work.
 *
 * <p>A run is needed when the stamp is missing, when the inputs' fingerprint differs (the class path and the
 * transformer's version), when the number of class files differs, or when any class file is newer than the
 * newest one the last run left behind (javac wrote it since). The stamp is only written after a run that
 * succeeded, so a failed build fails again, with the same errors, on the next run. Even without the stamp
 * nothing would be transformed twice: the transformer recognises its own marker and skips.
 *
 * <p>Not thread-safe; one instance per mojo execution (executions never share a stamp file).
 */
final class StalenessTracker {

  private final Path stampFile;
  private final String fingerprint;

  /**
   * @param stampFile where the stamp lives; its directory is created on {@link #record}; never null
   * @param fingerprint everything besides the class files themselves that the output depends on; never null
   */
  StalenessTracker(final Path stampFile, final String fingerprint) {
    this.stampFile = stampFile;
    this.fingerprint = fingerprint;
  }

  /** @return true when the last successful run saw exactly these class files and inputs */
  boolean isUpToDate(final List<Path> classFiles) throws IOException {
    if (!Files.isRegularFile(stampFile)) {
      return false;
    }
    return Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp(classFiles));
  }

  /** Writes the stamp after a successful run; {@code classFiles} as they are now, after rewriting. */
  void record(final List<Path> classFiles) throws IOException {
    Files.createDirectories(stampFile.getParent());
    Files.writeString(stampFile, stamp(classFiles), StandardCharsets.UTF_8);
  }

  private String stamp(final List<Path> classFiles) throws IOException {
    long newest = 0;
    for (Path file : classFiles) {
      newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
    }
    return "fingerprint=" + fingerprint + "\nclasses=" + classFiles.size() + "\nnewest=" + newest + "\n";
  }
}
