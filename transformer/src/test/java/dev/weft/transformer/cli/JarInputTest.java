package dev.weft.transformer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and rewriting jars and directories, independent of what the transformer does. */
class JarInputTest {

  @TempDir
  Path temp;

  private static final byte[] OLD = {1, 2, 3};
  private static final byte[] NEW = {4, 5, 6, 7};
  private static final byte[] TEXT = "stored".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsOnlyClassEntriesInJarOrder() throws Exception {
    Path jar = sampleJar();
    List<String> seen = new ArrayList<>();

    ClassInput.open(jar).forEachClass((name, bytes) -> seen.add(name));

    assertEquals(List.of("b/B.class", "a/A.class"), seen);
  }

  @Test
  void writeReplacesNamedEntriesAndKeepsTheRest() throws Exception {
    Path jar = sampleJar();
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));

    ClassInput.open(jar).write(Map.of("a/A.class", NEW));

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertEquals(List.of("META-INF/MANIFEST.MF", "a/", "b/B.class", "a/A.class", "a/stored.txt"),
          zip.stream().map(ZipEntry::getName).collect(java.util.stream.Collectors.toList()));
      assertArrayEquals(NEW, read(zip, "a/A.class"));
      assertArrayEquals(OLD, read(zip, "b/B.class"));
      assertArrayEquals(TEXT, read(zip, "a/stored.txt"));
      assertEquals(ZipEntry.STORED, zip.getEntry("a/stored.txt").getMethod());
      assertEquals(42_000_000_000L, zip.getEntry("b/B.class").getTime() / 2000 * 2000);
    }
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)));
    try (var left = Files.list(temp)) {
      assertEquals(List.of(jar), left.collect(java.util.stream.Collectors.toList()), "no temporary file left");
    }
  }

  @Test
  void directoryWriteReplacesOneFileAndKeepsPermissions() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("classes/a"));
    Path a = Files.write(dir.resolve("A.class"), OLD);
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r--r--"));

    ClassInput.open(temp.resolve("classes")).write(Map.of("a/A.class", NEW));

    assertArrayEquals(NEW, Files.readAllBytes(a));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
    try (var left = Files.list(dir)) {
      assertEquals(1, left.count(), "no temporary file left");
    }
  }

  @Test
  void corruptJarIsRefusedOnOpen() throws Exception {
    Path jar = Files.write(temp.resolve("bad.jar"), new byte[] {'P', 'K', 3, 4, 0});

    assertThrows(IOException.class, () -> ClassInput.open(jar));
  }

  private Path sampleJar() throws IOException {
    Path jar = temp.resolve("sample.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      put(out, new ZipEntry("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\r\n".getBytes(StandardCharsets.UTF_8));
      put(out, new ZipEntry("a/"), new byte[0]);
      ZipEntry b = new ZipEntry("b/B.class");
      b.setTime(42_000_000_000L);
      put(out, b, OLD);
      put(out, new ZipEntry("a/A.class"), OLD);
      ZipEntry stored = new ZipEntry("a/stored.txt");
      stored.setMethod(ZipEntry.STORED);
      CRC32 crc = new CRC32();
      crc.update(TEXT);
      stored.setSize(TEXT.length);
      stored.setCrc(crc.getValue());
      put(out, stored, TEXT);
    }
    return jar;
  }

  private static void put(final ZipOutputStream out, final ZipEntry entry, final byte[] data) throws IOException {
    out.putNextEntry(entry);
    out.write(data);
    out.closeEntry();
  }

  private static byte[] read(final ZipFile zip, final String name) throws IOException {
    return zip.getInputStream(zip.getEntry(name)).readAllBytes();
  }
}
