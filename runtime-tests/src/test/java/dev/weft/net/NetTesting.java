package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Weft;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Small helpers shared by the network tests: text conversions, a capture of unhandled exceptions, and the process
 * figures the resource checks compare (Linux {@code /proc/self}; -1 where it is missing).
 */
final class NetTesting {

  /** Every test binds here, port 0. */
  static final String HOST = "127.0.0.1";

  private NetTesting() {
  }

  static byte[] bytes(final String s) {
    return s.getBytes(UTF_8);
  }

  static String text(final byte[] b) {
    return new String(b, UTF_8);
  }

  /** Routes unhandled exceptions into a list until {@link #close()}; use with try-with-resources. */
  static final class Unhandled implements AutoCloseable {
    final List<Throwable> seen = new CopyOnWriteArrayList<>();

    Unhandled() {
      Weft.setUnhandledExceptionHandler(seen::add);
    }

    @Override
    public void close() {
      Weft.setUnhandledExceptionHandler(null);
    }
  }

  /** @return the number of open file descriptors of this process ({@code /proc/self/fd}), or -1 */
  static int openDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * The soft limit on open files of this process, as the JVM left it (HotSpot raises it to the hard limit at start
   * on Linux, so it is usually more than the shell's {@code ulimit -n}).
   *
   * @return the limit, {@code Long.MAX_VALUE} for "unlimited", or -1 if unknown
   */
  static long openFileLimit() {
    String line = procLine("/proc/self/limits", "Max open files");
    if (line == null) {
      return -1;
    }
    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
  }

  /** @return the resident set size of this process in bytes ({@code VmRSS} of {@code /proc/self/status}), or -1 */
  static long residentBytes() {
    String line = procLine("/proc/self/status", "VmRSS:");
    if (line == null) {
      return -1;
    }
    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+"); // "123456 kB"
    return Long.parseLong(parts[0]) * 1024;
  }

  /** @return the first line of a {@code /proc} file starting with {@code prefix}, or null */
  private static String procLine(final String file, final String prefix) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    } catch (IOException e) {
      return null; // not Linux: the caller reports the figure as unknown
    }
    return null;
  }
}
