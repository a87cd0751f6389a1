package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Async;
import dev.weft.AsyncStackTrace;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.testing.AsyncTestBase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TEST-PLAN #7: each {@link FailShapes} method (1-5 awaits in try/catch, try/finally, nested try and
 * try-with-resources) has the Promise of its k-th await failed with a fresh exception, checked and unchecked, while
 * the others succeed, and is compared with its blocking twin whose k-th step throws: the same handlers in the same
 * order, the same outcome (the original exception object itself, or the same value), and the exception's trace
 * names the method's k-th await line, as the blocking twin's own stack trace does.
 */
class FailAtEveryAwaitTest extends AsyncTestBase {

  private static final AtomicInteger MATCHED = new AtomicInteger();

  /** A shape by name, with the static count of awaits on its path without failure. */
  private record Shape(String name, int awaits, Function<FailShapes, Task<Integer>> async,
      ToIntFunction<FailShapes> blocking) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Shape> SHAPES = List.of(
      new Shape("single", 1, FailShapes::single, FailShapes::singleBlocking),
      new Shape("catchRethrow", 2, FailShapes::catchRethrow, FailShapes::catchRethrowBlocking),
      new Shape("nested", 3, FailShapes::nested, FailShapes::nestedBlocking),
      new Shape("withResources", 4, FailShapes::withResources, FailShapes::withResourcesBlocking),
      new Shape("five", 5, FailShapes::five, FailShapes::fiveBlocking));

  /** Every (shape, k, kind); k = 0 is the run without a failure. */
  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Shape shape : SHAPES) {
      all.add(Arguments.of(shape, 0, "none"));
      for (int k = 1; k <= shape.awaits(); k++) {
        all.add(Arguments.of(shape, k, "checked"));
        all.add(Arguments.of(shape, k, "unchecked"));
      }
    }
    return all.stream();
  }

  private static Function<String, Throwable> kind(final String name) {
    return name.equals("checked") ? IOException::new : IllegalStateException::new;
  }

  /** Runs the shape, resolving its awaits in turn as it suspends on them: the k-th fails, the others succeed. */
  @Async
  private Task<String> drive(final Shape shape, final FailShapes s, final int failAt, final String kind) {
    Task<Integer> victim = spawn(() -> shape.async().apply(s));
    int resolved = 0;
    while (!victim.isDone()) {
      if (s.gates.size() > resolved) {
        Promise<Integer> gate = s.gates.get(resolved++);
        if (resolved == failAt) {
          s.injected = kind(kind).apply("injected at " + resolved);
          gate.fail(s.injected);
        } else {
          gate.complete(resolved);
        }
      } else {
        await(sleep(0));
      }
    }
    try {
      return done("value " + await(victim)); // done already: no suspension here, no frame of ours in the trace
    } catch (Throwable t) {
      return done(s.describe(t));
    }
  }

  @ParameterizedTest(name = "{0}, fail at await {1}, {2}")
  @MethodSource("cases")
  void handlersOutcomeAndAwaitLineMatchTheBlockingTwin(final Shape shape, final int failAt, final String kind) {
    FailShapes reference = new FailShapes(failAt, kind(kind));
    String expected;
    try {
      expected = "value " + shape.blocking().applyAsInt(reference);
    } catch (Throwable t) {
      expected = reference.describe(t);
    }
    FailShapes async = new FailShapes(0, null);
    String outcome = run(() -> drive(shape, async, failAt, kind));

    String where = shape + " k=" + failAt + " " + kind + ": ";
    assertEquals(reference.log, async.log, where + "handlers, awaits and resources");
    assertEquals(expected, outcome, where + "outcome");
    assertEquals(relative(reference.lines), relative(async.lines), where + "await lines relative to the first");
    if (failAt > 0) {
      assertNotNull(async.injected, where + "the k-th await was reached");
      int awaitLine = async.lines.get(failAt - 1);
      int stepLine = reference.lines.get(failAt - 1);
      assertEquals(List.of(stepLine), ownLines(reference.injected.getStackTrace(), shape.name() + "Blocking"),
          where + "the reference's own frames");
      AsyncStackTrace chain = AsyncStackTrace.of(async.injected);
      assertNotNull(chain, where + "no async stack trace on the injected exception");
      List<Integer> asyncLines = ownLines(chain.getStackTrace(), shape.name());
      assertEquals(List.of(awaitLine), asyncLines, where + Arrays.toString(chain.getStackTrace()));
      assertEquals(stepLine - reference.lines.get(0), asyncLines.get(0) - async.lines.get(0),
          where + "the frame's line, relative to the first await, as the reference's");
      assertSame(async.injected.getClass(), reference.injected.getClass());
    }
    MATCHED.incrementAndGet();
  }

  @AfterAll
  static void figures() {
    int total = (int) cases().count();
    System.out.printf("FailAtEveryAwaitTest: %d of %d (shape, k, kind) cases as the blocking reference%n",
        MATCHED.get(), total);
  }

  private static List<Integer> relative(final List<Integer> lines) {
    return lines.stream().map(l -> l - lines.get(0)).toList();
  }

  /** Line numbers of the frames of {@code method} in {@link FailShapes}. */
  private static List<Integer> ownLines(final StackTraceElement[] frames, final String method) {
    return Arrays.stream(frames)
        .filter(f -> f.getClassName().equals(FailShapes.class.getName()) && f.getMethodName().equals(method))
        .map(StackTraceElement::getLineNumber)
        .toList();
  }
}
