package dev.weft.loop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.net.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEST-PLAN #25, the accept part, for real: a child JVM ({@link EmfileServer}) serves TCP under
 * {@code ulimit -n 64}; this test connects more clients than it has descriptors for, so its {@code accept()} fails
 * with EMFILE ("Too many open files") while the kernel keeps the rest in the backlog. The server must pause
 * accepting for {@link TcpServer#ACCEPT_RETRY} (1 s) after each failure, with exactly one log line per pause (no
 * flood: pauses at least 1 s apart), and once the clients go away serve a later client. Twice: with logging warmed
 * up (a server that has logged before), and cold, where the logger itself fails out of descriptors. The child's
 * figures are printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcceptOutOfDescriptorsTest {

  private static final int DESCRIPTOR_LIMIT = 64;
  /** Clients: well over what the child can hold, well under the listen backlog. */
  private static final int CLIENTS = 150;
  /** Failed accepts to wait for while the clients hold on (each after a 1 s pause but the first). */
  private static final int PAUSES_WHILE_FULL = 2;
  private static final long LIVENESS_SECONDS = 60;
  /** How much later than its failure a pause's log line may be stamped than the one before it. */
  private static final long LOG_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  @Test
  void acceptPausesOneSecondPerFailureWithOneLogLineAndRecovers(@TempDir final Path dir) throws Exception {
    ChildRun run = runChild(dir, true);

    assertEquals(run.pauses.size(), run.stderr.lines().filter(l -> l.contains("accept failed")).count(),
        "one log line per pause");
    assertTrue(run.stderr.contains("Too many open files"), run.stderr);
  }

  /**
   * The regression this harness found: out of descriptors, the first log record of a JVM cannot be formatted
   * (JUL's formatter fails to load the time-zone data file), so the logger throws. The server used to log before
   * pausing, so the throw skipped the pause, and the throw escaped the unhandled-exception path and ended the loop.
   * Now the pause comes first, a failing logger cannot end the loop, and each pause leaves one line on standard
   * error.
   */
  @Test
  void aLoggerFailingOutOfDescriptorsNeitherSkipsThePauseNorEndsTheLoop(@TempDir final Path dir) throws Exception {
    ChildRun run = runChild(dir, false);

    long lines = run.stderr.lines().filter(l -> l.contains("accept failed") || l.startsWith("[weft]")).count();
    assertTrue(lines >= 1 && lines <= run.pauses.size(), "at most one line per pause: " + run.stderr);
  }

  /** What one child run left: the times of its pauses (ns since its start) and its standard error. */
  private record ChildRun(List<Long> pauses, String stderr) {
  }

  /**
   * Runs {@link EmfileServer} under the descriptor limit, fills it with clients until accepting fails and has
   * failed {@value #PAUSES_WHILE_FULL} times, lets the clients go, checks that a later client is served and that
   * failures were a full pause apart, and prints the figures.
   *
   * @param warm whether the child logs once before (a server that has been running has)
   */
  private static ChildRun runChild(final Path dir, final boolean warm) throws Exception {
    assertEquals(Duration.ofSeconds(1), TcpServer.ACCEPT_RETRY, "TEST-PLAN: accepting pauses 1 s");
    Path stderr = dir.resolve("stderr.txt");
    Process child = new ProcessBuilder("bash", "-c", "ulimit -n " + DESCRIPTOR_LIMIT + " && exec \"$@\"", "bash",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", childJar(dir).toString(), EmfileServer.class.getName(), warm ? "warm" : "cold")
        .redirectError(stderr.toFile()).start();
    Lines out = new Lines(child.getInputStream());
    List<Long> pauses = new ArrayList<>();
    try {
      int port = Integer.parseInt(out.next("PORT ", pauses).substring(5));
      out.served = 0; // the child's exchange with itself
      List<Socket> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(new Socket("127.0.0.1", port)); // the backlog takes what the server cannot accept
      }
      while (pauses.size() < PAUSES_WHILE_FULL) {
        out.next("PAUSE ", pauses);
      }
      int servedBeforeFull = out.served;
      for (Socket s : clients) {
        s.close(); // the child's handlers see EOF and give their descriptors back
      }
      long t0 = System.nanoTime();
      try (Socket late = new Socket("127.0.0.1", port)) {
        late.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LIVENESS_SECONDS));
        assertEquals("hello", new BufferedReader(new InputStreamReader(late.getInputStream(), UTF_8)).readLine(),
            "a client after the descriptors came back is served");
      }
      long lateServed = System.nanoTime() - t0;
      OutputStream in = child.getOutputStream();
      in.write("quit\n".getBytes(UTF_8));
      in.flush();
      String summary = out.next("DONE ", pauses);
      assertTrue(child.waitFor(LIVENESS_SECONDS, TimeUnit.SECONDS), "the child ends");
      assertEquals(0, child.exitValue(), () -> "child failed:\n" + read(stderr));
      System.out.printf("AcceptOutOfDescriptorsTest (%s logging): ulimit -n %d, %d clients: %d served before"
          + " accept failed, %d pauses at %s ms, %d stderr lines; a client after the others left was served in %d ms;"
          + " child: %s%n", warm ? "warm" : "cold", DESCRIPTOR_LIMIT, CLIENTS, servedBeforeFull, pauses.size(),
          millis(pauses), read(stderr).lines().count(), TimeUnit.NANOSECONDS.toMillis(lateServed), summary);
      assertTrue(servedBeforeFull > 0 && servedBeforeFull < CLIENTS, "accept ran out: " + servedBeforeFull);
    } finally {
      child.destroyForcibly();
    }
    // The times are those of the log lines, which trail each failure by the logging's own work (the first record
    // of a JVM costs a few milliseconds more than the next), hence the margin; a flood would be microseconds apart.
    for (int i = 1; i < pauses.size(); i++) {
      long gap = pauses.get(i) - pauses.get(i - 1);
      assertTrue(gap >= TcpServer.ACCEPT_RETRY.toNanos() - LOG_LAG_NANOS, "accept retried after a pause: " + gap);
    }
    return new ChildRun(pauses, read(stderr));
  }

  /**
   * The child's class path as one jar (the runtime, plus {@link EmfileServer}'s classes): loading a class from a
   * directory opens a file, which fails once the child is out of descriptors; a jar stays open.
   */
  private static Path childJar(final Path dir) throws IOException, URISyntaxException {
    Path jar = dir.resolve("child.jar");
    Path runtime = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path tests = Path.of(EmfileServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
      if (Files.isDirectory(runtime)) {
        copyTree(runtime, "", j);
      } else {
        try (java.util.jar.JarFile rt = new java.util.jar.JarFile(runtime.toFile())) {
          for (JarEntry e : java.util.Collections.list(rt.entries())) {
            if (!e.isDirectory() && !e.getName().startsWith("META-INF/")) {
              j.putNextEntry(new JarEntry(e.getName()));
              try (InputStream in = rt.getInputStream(e)) {
                in.transferTo(j);
              }
            }
          }
        }
      }
      copyTree(tests.resolve("dev/weft/loop"), "dev/weft/loop/", j, "EmfileServer");
    }
    return jar;
  }

  private static void copyTree(final Path root, final String prefix, final JarOutputStream j, final String... only)
      throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = prefix + root.relativize(f).toString().replace('\\', '/');
        if (only.length == 0 || f.getFileName().toString().startsWith(only[0])) {
          j.putNextEntry(new JarEntry(name));
          Files.copy(f, j);
        }
      }
    }
  }

  private static String read(final Path p) {
    try {
      return Files.readString(p, UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String millis(final List<Long> nanos) {
    return nanos.stream().map(n -> String.valueOf(TimeUnit.NANOSECONDS.toMillis(n))).toList().toString();
  }

  /** The child's standard output, line by line, read on a thread of its own. */
  private static final class Lines {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** SERVED lines seen so far (read by the test thread only). */
    int served;

    Lines(final InputStream in) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            lines.add(l);
          }
        } catch (IOException e) {
          lines.add("EOF " + e);
        }
        lines.add("EOF");
      }, "child-stdout");
      t.setDaemon(true);
      t.start();
    }

    /** The next line starting with {@code prefix}; PAUSE times and SERVED lines passed on the way are recorded. */
    String next(final String prefix, final List<Long> pauses) throws InterruptedException {
      for (;;) {
        String l = lines.poll(LIVENESS_SECONDS, TimeUnit.SECONDS);
        assertTrue(l != null && !l.startsWith("EOF"), "the child printed no '" + prefix + "' line: " + l);
        if (l.startsWith("PAUSE ")) {
          pauses.add(Long.parseLong(l.split(" ")[1]));
        } else if (l.startsWith("SERVED ")) {
          served++;
        }
        if (l.startsWith(prefix)) {
          return l;
        }
      }
    }
  }
}
