package dev.weft.transformer.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of {@link ForcedRewrite} over a JDK image: forces each class, verifies the output, keeps it for the JVM's
 * link check ({@link PatchedJdkLink}), and reports. An output the verifier rejects is a failure unless the verifier
 * rejects the unmodified input too (ASM's structural check refuses some flags the JVM accepts, say): such a class is
 * counted apart, with the reason, and left to the JVM's check alone.
 *
 * <p>Not thread-safe.
 */
public final class ForcedCorpusRun {

  /** What a verifier found wrong with a class file ({@code ""}: nothing). */
  @FunctionalInterface
  public interface Verifier {
    String verify(byte[] classFile);
  }

  private final String label;
  private final ClassHierarchy hierarchy;
  private final Verifier verifier;
  /** Outputs to link (all but failures): class file by internal name, per module. */
  private final Map<String, Map<String, byte[]>> outputs = new TreeMap<>();
  private final Map<String, String> failures = new TreeMap<>();
  private final Map<String, String> unverifiable = new TreeMap<>();
  private final long start = System.nanoTime();
  private final long startCpu = cpuNanos();
  private int classes;
  private int methods;
  private double forceSeconds;
  private double forceCpuSeconds;

  /**
   * @param label names the corpus in the printed figures
   * @param hierarchy the corpus's own class hierarchy (its JDK's), for the rewrite
   * @param verifier ASM's verifier over the same hierarchy
   */
  public ForcedCorpusRun(final String label, final ClassHierarchy hierarchy, final Verifier verifier) {
    this.label = label;
    this.hierarchy = hierarchy;
    this.verifier = verifier;
  }

  /** Forces and verifies every entry. */
  public void force(final List<JdkImage.Entry> entries) {
    for (JdkImage.Entry entry : entries) {
      classes++;
      byte[] input = entry.bytes();
      try {
        ForcedRewrite.Result result = ForcedRewrite.force(input, hierarchy);
        methods += result.methods();
        String report = verifier.verify(result.bytes());
        String before = report.isEmpty() ? "" : verifier.verify(input);
        if (!report.isEmpty() && before.isEmpty()) {
          failures.put(entry.name(), "verifier: " + report);
        } else {
          if (!report.isEmpty()) {
            unverifiable.put(entry.name(), before);
          }
          outputs.computeIfAbsent(entry.module(), m -> new TreeMap<>()).put(entry.name(), result.bytes());
        }
      } catch (Exception | AssertionError | StackOverflowError broken) {
        failures.put(entry.name(), "forced rewrite: " + broken);
      }
    }
    forceSeconds = (System.nanoTime() - start) / 1e9;
    forceCpuSeconds = (cpuNanos() - startCpu) / 1e9;
  }

  /** This thread's CPU time: the figure to quote when other work shares the machine. */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** The outputs to link, class file by internal name, per module. */
  public Map<String, Map<String, byte[]>> outputs() {
    return outputs;
  }

  /** Prints the figures and the reasons, then asserts: no failure, every class linked. */
  public void finish(final PatchedJdkLink.Report links) {
    links.failures().forEach((name, error) -> failures.put(name, "JVM link: " + error));
    double seconds = (System.nanoTime() - start) / 1e9;
    int written = outputs.values().stream().mapToInt(Map::size).sum();
    System.out.printf("%s forced rewrite: %d classes (%d methods with code) read, analysed, written and verified in"
        + " %.1f s, %.1f s CPU in this thread (%.0f classes per CPU second), %d unverifiable by ASM even unmodified;"
        + " the JVM on the patched image loaded and linked %d of %d; %d failures; %.1f s in all%n", label, classes,
        methods, forceSeconds, forceCpuSeconds, classes / forceCpuSeconds, unverifiable.size(), links.linked(),
        written, failures.size(), seconds);
    summarize("unverifiable even unmodified", unverifiable);
    failures.entrySet().stream().limit(20).forEach(f -> System.out.println("  FAILED " + f.getKey() + ": "
        + f.getValue()));
    assertTrue(classes > 0, "no classes");
    assertEquals(Map.of(), failures, label + ": " + failures.size() + " failures");
    assertEquals(written, links.linked(), "every class linked");
  }

  /** Prints the reasons of a group, most frequent first, each with one example. */
  private static void summarize(final String group, final Map<String, String> errors) {
    Map<String, List<String>> byReason = new TreeMap<>();
    errors.forEach((name, error) -> byReason.computeIfAbsent(reason(error), r -> new ArrayList<>()).add(name));
    byReason.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(e ->
        System.out.printf("  %s: %d x %s (e.g. %s)%n", group, e.getValue().size(), e.getKey(), e.getValue().get(0)));
  }

  /** The kind of an error: its first line, class names and identity hashes blanked out. */
  private static String reason(final String error) {
    return error.split("\n")[0].replaceAll("[\\w$/.]+[/.][\\w$]+", "C").replaceAll("@?0?x?[0-9a-f]{6,}", "");
  }
}
