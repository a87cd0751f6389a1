package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncStackTrace;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Async stack traces: a failure that travels up through suspended awaits keeps its identity and its own frames, and
 * carries one {@link AsyncStackTrace} listing the awaiting callers with their await lines, outermost last.
 */
class AsyncStackTraceTest extends AsyncTestBase {

  private static final String CLASS = AsyncStackTraceTest.class.getName();
  private static final String FILE = "AsyncStackTraceTest.java";

  /** Await lines, recorded by the line they stand on. */
  private final int[] lines = new int[4];
  private Throwable thrown;

  /** @return the caller's line number */
  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow().getLineNumber());
  }

  @Async
  private Task<String> leaf() throws IOException {
    await(sleep(0));
    IOException e = new IOException("disk gone");
    thrown = e;
    throw e;
  }

  @Async
  private Task<String> middle() throws IOException {
    lines[0] = line(); String v = await(leaf());
    return done(v);
  }

  /** {@link #middle()} for a {@code Supplier} (its call never throws: the failure travels in the task). */
  private Task<String> middleUnchecked() {
    try {
      return middle();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Async
  private Task<String> outer() throws IOException {
    lines[1] = line(); String v = await(middle());
    return done(v);
  }

  @Async
  private Task<Void> top() {
    expect(1);
    try {
      lines[2] = line(); await(outer());
      throw expectUnreached();
    } catch (Exception e) {
      expect(2);
      assertSame(thrown, e, "the original exception object");
      assertTrue(e instanceof IOException);
      assertEquals("leaf", e.getStackTrace()[0].getMethodName(), "its own frames are untouched");
      long traces = Arrays.stream(e.getSuppressed()).filter(AsyncStackTrace.class::isInstance).count();
      assertEquals(1, traces, "attached once, then extended");
      StackTraceElement[] chain = AsyncStackTrace.of(e).getStackTrace();
      assertEquals(3, chain.length, Arrays.toString(chain));
      assertFrame(chain[0], "middle", lines[0]);
      assertFrame(chain[1], "outer", lines[1]);
      assertFrame(chain[2], "top", lines[2]);
      StringWriter printed = new StringWriter();
      e.printStackTrace(new PrintWriter(printed));
      assertTrue(printed.toString().contains("Suppressed: dev.weft.AsyncStackTrace: awaited by"), printed.toString());
      assertTrue(printed.toString().contains("at " + CLASS + ".middle(" + FILE + ":" + lines[0] + ")"),
          printed.toString());
    }
    finish(3);
    return done();
  }

  private static void assertFrame(final StackTraceElement f, final String method, final int line) {
    assertEquals(CLASS, f.getClassName());
    assertEquals(method, f.getMethodName());
    assertEquals(FILE, f.getFileName());
    assertEquals(line, f.getLineNumber());
  }

  @Test
  void aFailureCarriesItsAwaitingCallersOutermostLast() {
    run(this::top);
  }

  @Async
  private Task<Void> throughSpawn() {
    try {
      lines[3] = line(); await(spawn(this::middleUnchecked));
      throw expectUnreached();
    } catch (Exception e) {
      assertSame(thrown, e);
      StackTraceElement[] chain = AsyncStackTrace.of(e).getStackTrace();
      assertEquals(2, chain.length, Arrays.toString(chain));
      assertFrame(chain[0], "middle", lines[0]);
      assertFrame(chain[1], "throughSpawn", lines[3]);
    }
    return done();
  }

  @Test
  void aSpawnedTaskBetweenCallersAddsNoFrame() {
    run(this::throughSpawn);
  }

  @Async
  private Task<Void> awaitsAFailureThatIsAlreadyThere() {
    RuntimeException boom = new IllegalStateException("early");
    Task<Void> failed = spawn(() -> {
      throw boom;
    });
    await(sleep(0));
    await(sleep(0));
    try {
      await(failed); // done already: no suspension, no frame, identity still kept
      throw expectUnreached();
    } catch (IllegalStateException e) {
      assertSame(boom, e);
      assertNull(AsyncStackTrace.of(e));
    }
    return done();
  }

  @Test
  void anAwaitThatDoesNotSuspendAddsNothing() {
    run(this::awaitsAFailureThatIsAlreadyThere);
  }

  @Async
  private Task<Void> sleeper() {
    await(sleep(60_000));
    return done();
  }

  @Async
  private Task<Void> awaitsACancelledTask() {
    Task<Void> t = spawn(this::sleeper);
    await(sleep(0));
    t.cancel();
    try {
      await(t);
      throw expectUnreached();
    } catch (CancelledException e) {
      assertNull(AsyncStackTrace.of(e), "cancellations stay cheap: no async stack trace");
    }
    return done();
  }

  @Test
  void cancellationsCarryNoTrace() {
    run(this::awaitsACancelledTask);
  }

  @Async
  private Task<Integer> recurse(final int depth) {
    if (depth == 0) {
      await(sleep(0));
      throw new ArithmeticException("bottom");
    }
    return done(await(recurse(depth - 1)) + 1);
  }

  @Async
  private Task<Void> deepChain() {
    try {
      await(recurse(3000));
      throw expectUnreached();
    } catch (ArithmeticException e) {
      AsyncStackTrace chain = AsyncStackTrace.of(e);
      assertNotNull(chain);
      assertEquals(AsyncStackTrace.MAX_FRAMES, chain.getStackTrace().length, "capped, innermost kept");
      assertEquals("recurse", chain.getStackTrace()[0].getMethodName());
    }
    return done();
  }

  @Test
  void aDeepChainIsCapped() {
    run(this::deepChain);
  }
}
