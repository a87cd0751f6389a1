package dev.weft.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Memory readings for the whole-program workloads: heap in use after a full collection, the process's resident
 * set ({@code VmRSS} of {@code /proc/self/status}), and a sampler of the heap's peak.
 *
 * <p>Thread rule: any thread. The sampler runs on a platform daemon thread of its own.
 */
final class Mem {

  private Mem() {
    throw new AssertionError();
  }

  /** Heap bytes in use after repeated full collections (until the figure stops falling). */
  static long heapAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used >= best) {
        break;
      }
      best = used;
    }
    return best;
  }

  /** The process's resident set in bytes, or -1 where {@code /proc} is not available. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** Samples the heap in use every 5 ms until closed; {@link #peak()} is the highest sample. */
  static final class PeakSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    PeakSampler() {
      thread = new Thread(() -> {
        while (running) {
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          if (used > peak) {
            peak = used;
          }
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "peak-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peak() {
      return peak;
    }

    @Override
    public void close() {
      running = false;
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used > peak) {
        peak = used;
      }
      thread.interrupt();
    }
  }
}
