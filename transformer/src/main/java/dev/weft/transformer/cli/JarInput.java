package dev.weft.transformer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A jar (any zip file). Its {@code .class} entries are read in the jar's own order. Writing copies every entry
 * in that order, with its time stamp, comment and compression method, substituting the rewritten classes, into
 * a temporary file that then replaces the jar in one move. A jar with nothing to rewrite is never written.
 *
 * <p>Signed jars: a rewritten class no longer matches its signature; sign after transforming.
 *
 * <p>Not thread-safe.
 *
 * @param path the jar; never null
 */
record JarInput(Path path) implements ClassInput {

  /** Checks that {@code path} is a readable zip file, so bad input fails before any work is done. */
  static JarInput open(final Path path) throws IOException {
    try (ZipFile ignored = new ZipFile(path.toFile())) {
      return new JarInput(path);
    } catch (ZipException e) {
      throw new IOException(path + ": neither a directory nor a jar (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String locationOf(final String name) {
    return path + "!/" + name;
  }

  @Override
  public void forEachClass(final ClassFileConsumer consumer) throws IOException {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
          consumer.accept(entry.getName(), read(zip, entry));
        }
      }
    }
  }

  @Override
  public void write(final Map<String, byte[]> replacements) throws IOException {
    ClassInput.replaceAtomically(path, temp -> {
      try (ZipFile zip = new ZipFile(path.toFile());
          OutputStream file = Files.newOutputStream(temp);
          ZipOutputStream out = new ZipOutputStream(file)) {
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry entry = e.nextElement();
          byte[] replacement = replacements.get(entry.getName());
          copy(entry, replacement != null ? replacement : read(zip, entry), out);
        }
        if (zip.getComment() != null) {
          out.setComment(zip.getComment());
        }
      }
    });
  }

  private static void copy(final ZipEntry entry, final byte[] data, final ZipOutputStream out) throws IOException {
    // A fresh entry: the original's sizes and checksum would be wrong for rewritten or recompressed data.
    ZipEntry copy = new ZipEntry(entry.getName());
    copy.setTime(entry.getTime());
    copy.setComment(entry.getComment());
    copy.setMethod(entry.getMethod());
    if (entry.getMethod() == ZipEntry.STORED) {
      // STORED entries carry size and checksum in their header, so they must be known before writing.
      CRC32 crc = new CRC32();
      crc.update(data);
      copy.setSize(data.length);
      copy.setCompressedSize(data.length);
      copy.setCrc(crc.getValue());
    }
    out.putNextEntry(copy);
    out.write(data);
    out.closeEntry();
  }

  private static byte[] read(final ZipFile zip, final ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
