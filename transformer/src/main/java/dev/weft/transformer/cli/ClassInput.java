package dev.weft.transformer.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;

/**
 * A directory or jar whose class files {@link TransformerMain} rewrites in place. Reading and writing are
 * separate steps so that nothing is written until every class has been transformed without a rejection.
 *
 * <p>Not thread-safe: one thread reads, then writes.
 */
sealed interface ClassInput permits DirectoryInput, JarInput {

  /** Receives one class file. */
  @FunctionalInterface
  interface ClassFileConsumer {
    /**
     * @param name the file's path inside the input, {@code /}-separated, e.g. {@code shop/Cart.class}; never null
     * @param bytes its content; never null
     */
    void accept(String name, byte[] bytes) throws IOException;
  }

  /** @return the directory or jar as given on the command line; never null */
  Path path();

  /**
   * @param name a name {@link #forEachClass} reported
   * @return where that class file is, for messages: {@code classes/shop/Cart.class} or {@code app.jar!/shop/Cart.class}
   */
  String locationOf(String name);

  /** Calls {@code consumer} for every {@code .class} file, in a stable order. */
  void forEachClass(ClassFileConsumer consumer) throws IOException;

  /**
   * Replaces the named class files and leaves everything else as it is.
   *
   * @param replacements new content by the names {@link #forEachClass} reported; never null, never empty
   */
  void write(Map<String, byte[]> replacements) throws IOException;

  /**
   * @param path a directory or a jar (any zip file)
   * @throws NoSuchFileException when nothing is there
   * @throws IOException when it is neither a directory nor a readable zip file
   */
  static ClassInput open(final Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return new DirectoryInput(path);
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such directory or jar");
    }
    return JarInput.open(path);
  }

  /**
   * Writes {@code bytes} to a temporary file beside {@code target}, then moves it over {@code target}, so a crash
   * or a full disk never leaves a half-written class or jar behind.
   */
  static void replaceAtomically(final Path target, final WriteAction bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".weft.tmp");
    try {
      bytes.writeTo(temp);
      // Temporary files are created private (0600); the replacement keeps the original's permissions.
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Fills a temporary file for {@link #replaceAtomically}. */
  @FunctionalInterface
  interface WriteAction {
    void writeTo(Path temp) throws IOException;
  }
}
