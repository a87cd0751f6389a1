package dev.weft.benchmarks;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * spawn-sleep, a whole program: spawn N tasks that each sleep 100 ms once, then await them all. Wall time from the
 * first spawn to the last completion, and the peak heap in use (sampled every 5 ms).
 *
 * <pre>
 * java -cp weft-benchmarks.jar dev.weft.benchmarks.SpawnSleepBenchmark weft|vthread|cf [tasks [runs]]
 * </pre>
 *
 * <p>Contenders: {@code weft} ({@code spawn} + {@code sleep(100)}, awaited one by one); {@code vthread} (one virtual
 * thread each, {@code Thread.sleep(100)}, joined; needs JDK 21+); {@code cf} ({@code runAsync} on a
 * {@code delayedExecutor(100 ms)} over a single-thread executor, {@code allOf().join()}). Prints a progress line per
 * run on stderr and {@code RESULT wall_ms}/{@code RESULT peak_heap_mb} per run on stdout.
 */
public final class SpawnSleepBenchmark {

  private SpawnSleepBenchmark() {
    throw new AssertionError();
  }

  public static void main(final String[] args) {
    String contender = args[0];
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      for (int run = 1; run <= runs; run++) {
        Mem.heapAfterGc();
        long start;
        long end;
        long peak;
        try (Mem.PeakSampler sampler = new Mem.PeakSampler()) {
          start = System.nanoTime();
          int finished;
          switch (contender) {
            case "weft":
              finished = Weft.run(() -> weft(tasks));
              break;
            case "vthread":
              finished = virtualThreads(tasks);
              break;
            case "cf":
              finished = completableFutures(tasks, single);
              break;
            default:
              throw new IllegalArgumentException("contender: " + contender + " (expected: weft, vthread, cf)");
          }
          end = System.nanoTime();
          if (finished != tasks) {
            throw new IllegalStateException(contender + ": " + finished + " tasks finished (expected: " + tasks + ")");
          }
          peak = sampler.peak();
        }
        double wallMs = (end - start) / 1e6;
        System.err.printf("  spawn-sleep %s run %d/%d: %d tasks, %.1f ms, peak heap %.1f MB%n",
            contender, run, runs, tasks, wallMs, peak / 1e6);
        Jvm.result("wall_ms", wallMs);
        Jvm.result("peak_heap_mb", peak / 1e6);
      }
    } finally {
      single.shutdownNow();
    }
  }

  @Async
  static Task<Integer> weft(final int tasks) {
    List<Task<Void>> all = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      all.add(spawn(SpawnSleepBenchmark::sleeper));
    }
    int finished = 0;
    for (Task<Void> t : all) {
      await(t);
      finished++;
    }
    return done(finished);
  }

  @Async
  static Task<Void> sleeper() {
    await(sleep(100));
    return done();
  }

  static int virtualThreads(final int tasks) {
    Thread[] all = new Thread[tasks];
    for (int i = 0; i < tasks; i++) {
      all[i] = VirtualThreads.start(() -> {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
    }
    for (Thread t : all) {
      VirtualThreads.join(t);
    }
    return tasks;
  }

  static int completableFutures(final int tasks, final ExecutorService single) {
    Executor later = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS, single);
    CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
    for (int i = 0; i < tasks; i++) {
      all[i] = CompletableFuture.runAsync(() -> { }, later);
    }
    CompletableFuture.allOf(all).join();
    return tasks;
  }
}
