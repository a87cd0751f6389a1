package dev.weft.transformer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class directory (e.g. {@code target/classes}). Every {@code .class} file below it is read; only the ones
 * that change are written, each atomically, so untouched files keep their bytes and their time stamps.
 *
 * <p>Not thread-safe.
 *
 * @param path the directory; never null
 */
record DirectoryInput(Path path) implements ClassInput {

  @Override
  public String locationOf(final String name) {
    return path.resolve(name).toString();
  }

  @Override
  public void forEachClass(final ClassFileConsumer consumer) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(path)) {
      // Sorted so that diagnostics come out in the same order on every file system.
      files = walk.filter(f -> f.getFileName().toString().endsWith(".class") && Files.isRegularFile(f))
          .sorted()
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      consumer.accept(nameOf(file), Files.readAllBytes(file));
    }
  }

  @Override
  public void write(final Map<String, byte[]> replacements) throws IOException {
    for (Map.Entry<String, byte[]> entry : replacements.entrySet()) {
      byte[] bytes = entry.getValue();
      ClassInput.replaceAtomically(path.resolve(entry.getKey()), temp -> Files.write(temp, bytes));
    }
  }

  private String nameOf(final Path file) {
    return path.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
