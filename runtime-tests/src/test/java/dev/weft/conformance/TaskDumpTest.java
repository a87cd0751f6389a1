package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * {@code Weft.dumpTasks()}: every live task with its name, state, what it waits on and where it is suspended, with
 * the chain of awaiting callers; from the loop, from another thread, over JMX, and from a thread while the loop is
 * blocked.
 */
class TaskDumpTest extends AsyncTestBase {

  private static final String CLASS = TaskDumpTest.class.getName();
  private final int[] lines = new int[2];

  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow().getLineNumber());
  }

  @Async
  private Task<Void> inner(final Promise<Void> gate) {
    lines[0] = line(); await(gate);
    return done();
  }

  @Async
  private Task<Void> outer(final Promise<Void> gate) {
    lines[1] = line(); await(inner(gate));
    return done();
  }

  private String expectedChain() {
    return "\"TaskDumpTest.inner\" SUSPENDED on \"gate\"\n"
        + "\tat " + CLASS + ".inner(TaskDumpTest.java:" + lines[0] + ")\n"
        + "\tat " + CLASS + ".outer(TaskDumpTest.java:" + lines[1] + ")\n"
        + "\tin \"dumped\"\n";
  }

  @Async
  private Task<Void> dumps() {
    Promise<Void> gate = new Promise<>();
    gate.setName("gate");
    Task<Void> t = spawn("dumped", () -> outer(gate));
    await(sleep(0));
    await(sleep(0));

    String dump = Weft.dumpTasks();
    assertTrue(dump.startsWith("Weft task dump of EventLoop[on "), dump);
    assertTrue(dump.contains("\"dumped\" SUSPENDED on \"TaskDumpTest.outer\"\n"), dump);
    assertTrue(dump.contains(expectedChain()), dump);
    assertTrue(dump.contains("\"TaskDumpTest.dumps\" RUNNABLE"), dump);

    // From another thread: the loop answers through its queue while this task is suspended.
    String fromThread = await(CompletableFuture.supplyAsync(Weft::dumpTasks));
    assertTrue(fromThread.contains(expectedChain()), fromThread);
    assertTrue(!fromThread.contains("best effort"), fromThread);

    // Over JMX: the bean is registered off the loop thread when the first loop starts.
    String overJmx = await(CompletableFuture.supplyAsync(() -> {
      try {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.weft:type=EventLoop");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!server.isRegistered(name) && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        return (String) server.invoke(name, "dumpTasks", null, null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    assertTrue(overJmx.contains(expectedChain()), overJmx);

    gate.complete(null);
    await(t);
    String after = Weft.dumpTasks();
    assertTrue(!after.contains("dumped"), after);
    return done();
  }

  @Test
  void dumpsLiveTasksLikeAThreadDump() {
    run(this::dumps);
  }

  @Async
  private Task<Void> blocksTheLoop() {
    Promise<Void> gate = new Promise<>();
    gate.setName("gate");
    Task<Void> t = spawn("dumped", () -> outer(gate));
    await(sleep(0));
    await(sleep(0));
    AtomicReference<String> seen = new AtomicReference<>();
    Thread asker = new Thread(() -> seen.set(Weft.dumpTasks()));
    asker.start();
    try {
      asker.join(); // the loop thread is blocked: the asker times out and reads the live list itself
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    String dump = seen.get();
    assertTrue(dump.contains("best effort"), dump);
    assertTrue(dump.contains(expectedChain()), dump);
    gate.complete(null);
    await(t);
    return done();
  }

  @Test
  void aBlockedLoopIsStillDumped() {
    run(this::blocksTheLoop);
  }
}
