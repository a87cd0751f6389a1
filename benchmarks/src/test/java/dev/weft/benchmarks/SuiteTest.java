package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the suite in quick mode: every workload runs and the report has every table and chart. No figure
 * is checked: speed is asserted nowhere in the test suite (DESIGN.md), only that the benchmarks still run.
 */
class SuiteTest {

  private static final List<String> WORKLOADS = List.of("completed-await", "ping-pong", "spawn-sleep", "park",
      "echo", "transform", "agent-startup");

  @Test
  void quickModeWritesEveryTableAndChart(@TempDir final Path out) throws Exception {
    Path root = Paths.get("").toAbsolutePath().getParent(); // Surefire runs in benchmarks/

    int status = Suite.run(new String[] {"--quick", "--root", root.toString(), "--out", out.toString()});

    assertEquals(0, status, "every workload ran");
    String md = Files.readString(out.resolve("benchmarks.md"), StandardCharsets.UTF_8);
    for (String w : WORKLOADS) {
      Path chart = out.resolve("benchmarks").resolve(w + ".png");
      assertTrue(Files.size(chart) > 0, "chart " + chart);
      assertTrue(md.contains("](benchmarks/" + w + ".png)"), "table and chart reference for " + w);
    }
    assertTrue(md.contains("## Targets"), "targets section");
    assertTrue(md.contains("## Where the time goes"), "profile section");
  }
}
