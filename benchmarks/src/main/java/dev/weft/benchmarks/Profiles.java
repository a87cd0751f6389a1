package dev.weft.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording's {@code jdk.ExecutionSample} events (what {@code jfr print --events jdk.ExecutionSample}
 * shows) and ranks methods by self time (the top frame of each sample) and by total time (anywhere on the stack).
 *
 * <p>Thread rule: any thread.
 */
final class Profiles {

  private Profiles() {
    throw new AssertionError();
  }

  /** A ranked method: its name and its share of the samples, in percent. */
  record Entry(String method, double percent) {}

  /** The result of one recording. */
  record Profile(String title, long samples, List<Entry> self, List<Entry> total, Map<String, Double> byArea,
      long nativeSamples, List<Entry> nativeTop) {}

  static Profile read(final String title, final Path jfr, final int top) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> area = new LinkedHashMap<>();
    Map<String, Integer> natives = new HashMap<>();
    long samples = 0;
    long nativeSamples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("jdk.NativeMethodSample") && e.getStackTrace() != null
          && !e.getStackTrace().getFrames().isEmpty() && !e.getThread("sampledThread").getJavaName().contains("JFR")) {
        // a thread in native code (a system call): which Java method made the call
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        String caller = frames.stream().map(f -> name(f.getMethod())).filter(n -> !n.startsWith("sun.nio.ch.")
            && !n.startsWith("java.")).findFirst().orElse("?");
        nativeSamples++;
        natives.merge(name(frames.get(0).getMethod()) + " ← " + caller, 1, Integer::sum);
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = st.getFrames();
      String topName = name(frames.get(0).getMethod());
      self.merge(topName, 1, Integer::sum);
      area.merge(area(topName), 1, Integer::sum);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f.getMethod());
        if (seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    Map<String, Double> byArea = new LinkedHashMap<>();
    final long n = Math.max(1, samples);
    area.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(en -> byArea.put(en.getKey(), 100.0 * en.getValue() / n));
    return new Profile(title, samples, rank(self, n, top), rank(total, n, top), byArea, nativeSamples,
        rank(natives, Math.max(1, nativeSamples), 5));
  }

  private static List<Entry> rank(final Map<String, Integer> counts, final long samples, final int top) {
    List<Entry> out = new ArrayList<>();
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
        .forEach(en -> out.add(new Entry(en.getKey(), 100.0 * en.getValue() / samples)));
    return out;
  }

  private static String name(final RecordedMethod m) {
    if (m == null) {
      return "?";
    }
    String type = m.getType() == null ? "?" : m.getType().getName();
    return type + "." + m.getName();
  }

  /** Where a method belongs, for the summary by area. */
  private static String area(final String method) {
    if (method.startsWith("dev.weft.loop.")) {
      return "Weft event loop (dev.weft.loop)";
    }
    if (method.startsWith("dev.weft.net.")) {
      return "Weft streams (dev.weft.net)";
    }
    if (method.startsWith("dev.weft.internal.") || method.startsWith("dev.weft.sync.")
        || method.startsWith("dev.weft.Task") || method.startsWith("dev.weft.Promise")) {
      return "Weft tasks, coroutines, sync (dev.weft.internal/sync)";
    }
    if (method.startsWith("dev.weft.benchmarks.")) {
      return "benchmark code (rewritten @Async bodies)";
    }
    if (method.startsWith("io.netty.")) {
      return "Netty";
    }
    if (method.startsWith("sun.nio.") || method.startsWith("java.nio.")) {
      return "JDK NIO (sun.nio.ch, java.nio)";
    }
    if (method.startsWith("java.util.")) {
      return "JDK collections/concurrency (java.util)";
    }
    return "other JDK";
  }
}
