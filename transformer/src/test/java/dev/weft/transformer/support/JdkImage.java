package dev.weft.transformer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The class files of a JDK's run-time image, read through {@code jrt:/}: the running JDK's, or another JDK's through
 * that JDK's own {@code jrt-fs} provider. Lists every class of every module ({@code module-info} excluded) in a fixed
 * order (module, then path), so samples of it are deterministic.
 *
 * <p>Not thread-safe. Close it when it was opened for another JDK.
 */
public final class JdkImage implements AutoCloseable {

  /**
   * One class file of the image.
   *
   * @param module the module that holds it, e.g. {@code java.base}
   * @param name its internal name, e.g. {@code java/lang/String}
   * @param path where it lives in the image
   */
  public record Entry(String module, String name, Path path) {
    /** Reads the class file. */
    public byte[] bytes() {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final FileSystem image;
  private final boolean owned;

  private JdkImage(final FileSystem image, final boolean owned) {
    this.image = image;
    this.owned = owned;
  }

  /** The running JDK's image. */
  public static JdkImage running() {
    return new JdkImage(FileSystems.getFileSystem(URI.create("jrt:/")), false);
  }

  /** The image of the JDK at {@code home}, e.g. {@link ExternalCompiler#jdk25()}. */
  public static JdkImage of(final Path home) {
    try {
      return new JdkImage(FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString())), true);
    } catch (IOException e) {
      throw new UncheckedIOException("no JDK image under " + home, e);
    }
  }

  /** Every class of the image, sorted by module and path. */
  public List<Entry> classes() {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> modules = Files.list(image.getPath("/modules"))) {
      for (Path module : (Iterable<Path>) modules.sorted()::iterator) {
        try (Stream<Path> files = Files.walk(module)) {
          for (Path file : (Iterable<Path>) files.sorted()::iterator) {
            String path = module.relativize(file).toString();
            if (path.endsWith(".class") && !path.endsWith("module-info.class")) {
              entries.add(new Entry(module.getFileName().toString(), path.substring(0, path.length() - 6), file));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  @Override
  public void close() throws IOException {
    if (owned) {
      image.close();
    }
  }
}
