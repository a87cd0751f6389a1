package dev.weft.benchmarks;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * park-1M, a whole program: N tasks each suspended on one shared event, then released, then awaited.
 *
 * <pre>
 * java -cp weft-benchmarks.jar dev.weft.benchmarks.ParkBenchmark weft|weft-call|vthread|cf [tasks]
 * </pre>
 *
 * <p>Reports (one run per JVM, so the resident-memory growth is the run's own): heap bytes per suspended task
 * (heap in use after full collections, parked minus before), resident-memory growth per task ({@code VmRSS}),
 * and the wall time from the release to the last task done. What the program holds to await the tasks (an array
 * of them) counts: a user holds them too.
 *
 * <p>Contenders: {@code weft} ({@code spawn} of an {@code @Async} method awaiting {@code AsyncEvent.awaitSet()});
 * {@code weft-call} (the same method called directly: the call is the task);
 * {@code vthread} (virtual threads in {@code CountDownLatch.await()}, JDK 21+); {@code cf} (a dependent stage
 * {@code event.thenApplyAsync(fn, singleThreadExecutor)} per task, {@code allOf().join()}).
 */
public final class ParkBenchmark {

  private ParkBenchmark() {
    throw new AssertionError();
  }

  /** Bodies of the Weft tasks that have reached their await. */
  static int parked;

  public static void main(final String[] args) throws Exception {
    String contender = args[0];
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long[] m;
    switch (contender) {
      case "weft":
        m = Weft.run(() -> weft(tasks, true));
        break;
      case "weft-call":
        m = Weft.run(() -> weft(tasks, false));
        break;
      case "vthread":
        m = virtualThreads(tasks);
        break;
      case "cf":
        m = completableFutures(tasks);
        break;
      default:
        throw new IllegalArgumentException("contender: " + contender + " (expected: weft, weft-call, vthread, cf)");
    }
    // m: heap before, rss before, heap parked, rss parked, release-to-done nanos
    double heapPerTask = (m[2] - m[0]) / (double) tasks;
    double rssPerTask = (m[3] - m[1]) / (double) tasks;
    double releaseMs = m[4] / 1e6;
    System.err.printf("  park %s: %d tasks, %.0f heap B/task, %.0f RSS B/task, release to done %.1f ms%n",
        contender, tasks, heapPerTask, rssPerTask, releaseMs);
    Jvm.result("heap_bytes_per_task", heapPerTask);
    Jvm.result("rss_bytes_per_task", rssPerTask);
    Jvm.result("release_ms", releaseMs);
  }

  /**
   * The Weft program. {@code spawn}: each task is {@code spawn(() -> waiter(event))} (asyncio's
   * {@code create_task}: the spawned task adopts the coroutine of the call); otherwise each task is the call
   * {@code waiter(event)} itself (as in C#: calling an {@code @Async} method starts a task, which runs to its await
   * and then lives on its own, held by the loop).
   */
  @Async
  static Task<long[]> weft(final int tasks, final boolean spawn) {
    AsyncEvent event = new AsyncEvent();
    Task<?>[] all = new Task<?>[tasks];
    long heap0 = Mem.heapAfterGc();
    long rss0 = Mem.rss();
    for (int i = 0; i < tasks; i++) {
      all[i] = spawn ? spawn(() -> waiter(event)) : waiter(event);
    }
    while (parked < tasks) {
      await(sleep(0)); // spawned bodies start on later turns
    }
    long heap1 = Mem.heapAfterGc();
    long rss1 = Mem.rss();
    histogram();
    long start = System.nanoTime();
    event.set();
    for (Task<?> t : all) {
      await(t);
    }
    long end = System.nanoTime();
    return done(new long[] {heap0, rss0, heap1, rss1, end - start});
  }

  /**
   * With {@code -Dweft.bench.histogram=N}, prints the top N lines of this JVM's class histogram ({@code jcmd
   * GC.class_histogram}) while the tasks are parked: what a parked task is made of.
   */
  static void histogram() {
    int lines = Integer.getInteger("weft.bench.histogram", 0);
    if (lines <= 0) {
      return;
    }
    String jcmd = java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
          .redirectErrorStream(true).start();
      try (java.io.BufferedReader r = Jvm.reader(p)) {
        r.lines().limit(lines + 3L).forEach(System.err::println);
      }
      p.waitFor();
    } catch (java.io.IOException e) {
      System.err.println("no histogram: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Async
  static Task<Void> waiter(final AsyncEvent event) {
    parked++;
    await(event.awaitSet());
    return done();
  }

  static long[] virtualThreads(final int tasks) throws InterruptedException {
    CountDownLatch event = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Thread[] all = new Thread[tasks];
    long heap0 = Mem.heapAfterGc();
    long rss0 = Mem.rss();
    Runnable body = () -> {
      started.incrementAndGet();
      try {
        event.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    for (int i = 0; i < tasks; i++) {
      all[i] = VirtualThreads.start(body);
    }
    for (Thread t : all) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.sleep(1);
      }
    }
    long heap1 = Mem.heapAfterGc();
    long rss1 = Mem.rss();
    long start = System.nanoTime();
    event.countDown();
    for (Thread t : all) {
      t.join();
    }
    long end = System.nanoTime();
    return new long[] {heap0, rss0, heap1, rss1, end - start};
  }

  static long[] completableFutures(final int tasks) {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Void> event = new CompletableFuture<>();
      CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
      long heap0 = Mem.heapAfterGc();
      long rss0 = Mem.rss();
      for (int i = 0; i < tasks; i++) {
        all[i] = event.thenApplyAsync(v -> v, single);
      }
      long heap1 = Mem.heapAfterGc();
      long rss1 = Mem.rss();
      long start = System.nanoTime();
      event.complete(null);
      CompletableFuture.allOf(all).join();
      long end = System.nanoTime();
      return new long[] {heap0, rss0, heap1, rss1, end - start};
    } finally {
      single.shutdownNow();
    }
  }
}
