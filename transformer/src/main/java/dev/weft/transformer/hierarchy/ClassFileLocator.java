package dev.weft.transformer.hierarchy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the bytes of a class file by internal name, without loading the class. The transformer reads class
 * hierarchies through it (to merge types and compute frames), so nothing it inspects is ever initialised.
 *
 * <p>Implementations are thread-safe. Example:
 *
 * <pre>{@code
 * ClassFileLocator where = ClassFileLocator.compound(
 *     ClassFileLocator.forPaths(List.of(Path.of("target/classes"), Path.of("lib/dep.jar"))),
 *     ClassFileLocator.forJdk());
 * }</pre>
 */
@FunctionalInterface
public interface ClassFileLocator {

  /**
   * @param internalName e.g. {@code java/lang/String}; never null
   * @return the class file's bytes, or null when this locator does not know the class
   * @throws IOException when the class exists but cannot be read
   */
  byte[] locate(String internalName) throws IOException;

  /** Knows nothing. */
  ClassFileLocator NONE = name -> null;

  /** Reads {@code name.class} resources of a class loader (null: the bootstrap/platform classes). */
  static ClassFileLocator forClassLoader(final ClassLoader loader) {
    return name -> {
      String resource = name + ".class";
      try (InputStream in = loader == null
          ? ClassLoader.getSystemResourceAsStream(resource)
          : loader.getResourceAsStream(resource)) {
        return in == null ? null : in.readAllBytes();
      }
    };
  }

  /** The running JDK's own classes, from the {@code jrt:} image (never loads them). */
  static ClassFileLocator forJdk() {
    return JdkClassFiles.INSTANCE;
  }

  /**
   * Another JDK's classes, read from its {@code jrt:} image through that JDK's own {@code jrt-fs} provider: code
   * compiled for a newer JDK is rewritten with that JDK's hierarchy.
   *
   * @param javaHome the JDK's home directory (holding {@code lib/modules})
   * @throws UncheckedIOException when it holds no readable image
   */
  static ClassFileLocator forJdk(final Path javaHome) {
    try {
      FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"),
          java.util.Map.of("java.home", javaHome.toString()));
      return new JdkClassFiles(jrt);
    } catch (IOException e) {
      throw new UncheckedIOException("no JDK image under " + javaHome, e);
    }
  }

  /**
   * Class directories and jars, searched in order. Jars are opened lazily and kept open; call
   * {@link Closeable#close()} when done.
   */
  static Closeable forPaths(final List<Path> roots) {
    List<ClassFileLocator> parts = new ArrayList<>();
    List<ZipFile> zips = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        parts.add(name -> {
          Path file = root.resolve(name + ".class");
          return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        });
      } else if (Files.isRegularFile(root)) {
        ZipFile zip;
        try {
          zip = new ZipFile(root.toFile());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open " + root, e);
        }
        zips.add(zip);
        parts.add(name -> {
          ZipEntry entry = zip.getEntry(name + ".class");
          if (entry == null) {
            return null;
          }
          try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
          }
        });
      }
    }
    ClassFileLocator all = compound(parts.toArray(new ClassFileLocator[0]));
    return new Closeable() {
      @Override
      public byte[] locate(final String internalName) throws IOException {
        return all.locate(internalName);
      }

      @Override
      public void close() throws IOException {
        for (ZipFile zip : zips) {
          zip.close();
        }
      }
    };
  }

  /** Asks each locator in turn; the first answer wins. */
  static ClassFileLocator compound(final ClassFileLocator... locators) {
    List<ClassFileLocator> all = List.of(locators);
    return name -> {
      for (ClassFileLocator locator : all) {
        byte[] bytes = locator.locate(name);
        if (bytes != null) {
          return bytes;
        }
      }
      return null;
    };
  }

  /** A locator holding open files. */
  interface Closeable extends ClassFileLocator, java.io.Closeable {}

  /** The {@code jrt:/} file system of the running JDK, indexed by package on first use. */
  final class JdkClassFiles implements ClassFileLocator {
    static final JdkClassFiles INSTANCE = new JdkClassFiles(null);

    private final FileSystem image;
    /** Per package, the directories of the modules that may hold its classes (empty: no such package). */
    private final java.util.Map<String, List<Path>> packageDirs = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param image a jrt file system, or null for the running JDK's */
    private JdkClassFiles(final FileSystem image) {
      this.image = image;
    }

    @Override
    public byte[] locate(final String internalName) throws IOException {
      int slash = internalName.lastIndexOf('/');
      String pkg = slash < 0 ? "" : internalName.substring(0, slash);
      String fileName = internalName.substring(slash + 1) + ".class";
      for (Path dir : packageDirs(pkg)) {
        Path file = dir.resolve(fileName);
        if (Files.isRegularFile(file)) {
          return Files.readAllBytes(file);
        }
      }
      return null;
    }

    /**
     * The directories of a package, through the image's {@code /packages/<p.k.g>/<module>} index: one lookup per
     * package, cached, instead of a walk over every module at first use (which cost the agent's start-up). The index
     * also lists a module that only holds sub-packages ({@code java.awt} names {@code java.datatransfer}, which has
     * {@code java/awt/datatransfer}), so every listed module's directory is kept and searched in turn.
     */
    private List<Path> packageDirs(final String pkg) throws IOException {
      List<Path> known = packageDirs.get(pkg);
      if (known != null) {
        return known;
      }
      FileSystem jrt = image != null ? image : FileSystems.getFileSystem(URI.create("jrt:/"));
      List<Path> found = new ArrayList<>(1);
      Path index = jrt.getPath("/packages", pkg.replace('/', '.'));
      if (!pkg.isEmpty() && Files.isDirectory(index)) {
        try (var modules = Files.list(index)) {
          for (Path link : (Iterable<Path>) modules::iterator) {
            Path dir = jrt.getPath("/modules", link.getFileName().toString(), pkg);
            if (Files.isDirectory(dir)) {
              found.add(dir);
            }
          }
        }
      }
      List<Path> dirs = List.copyOf(found);
      packageDirs.put(pkg, dirs);
      return dirs;
    }
  }
}
