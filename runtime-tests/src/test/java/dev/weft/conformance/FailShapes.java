package dev.weft.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The code shapes of {@link FailAtEveryAwaitTest}, each written twice, line for line: {@code @Async}, awaiting
 * Promises the test completes or fails ({@link #gate()}), and blocking, where the k-th {@link #step()} throws. The
 * twins must keep the same layout: the test compares their await lines relative to the first one.
 */
final class FailShapes {

  /** Handlers, awaits and resources, in the order they ran. */
  final List<String> log = new ArrayList<>();
  /** Source line of each await (or step), in the order they ran, read from the running code. */
  final List<Integer> lines = new ArrayList<>();
  /** The Promises awaited, in order; the test resolves them. */
  final List<Promise<Integer>> gates = new ArrayList<>();
  /** The exception injected at the failing await, once it has been made. */
  Throwable injected;

  /** Blocking twin only: which step throws (1-based; 0: none), and what. */
  private final int failAt;
  private final Function<String, Throwable> kind;

  FailShapes(final int failAt, final Function<String, Throwable> kind) {
    this.failAt = failAt;
    this.kind = kind;
  }

  private static int callerLine() {
    return StackWalker.getInstance().walk(s -> s.skip(2).findFirst().orElseThrow().getLineNumber());
  }

  /** The awaitable of the next await of an {@code @Async} shape. */
  Task<Integer> gate() {
    lines.add(callerLine());
    log.add("await " + lines.size());
    Promise<Integer> gate = new Promise<>();
    gates.add(gate);
    return gate;
  }

  /** The blocking twin of {@code await(gate())}: its value, or the injected exception at step {@code failAt}. */
  int step() {
    lines.add(callerLine());
    int n = lines.size();
    log.add("await " + n);
    if (n == failAt) {
      injected = kind.apply("injected at " + n);
      throw FailShapes.<RuntimeException>sneaky(injected);
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(final Throwable t) throws E {
    throw (E) t;
  }

  /** How a handler names what it caught: the injected object itself, or something else. */
  String id(final Throwable e) {
    return e == injected ? "injected " + e.getClass().getSimpleName() : "other " + e;
  }

  /** A shape's outcome when it threw. */
  String describe(final Throwable t) {
    if (t.getCause() != null && t.getCause() == injected) {
      return "threw " + t.getClass().getSimpleName() + " caused by " + id(t.getCause());
    }
    return "threw " + id(t);
  }

  private final class Resource implements AutoCloseable {
    Resource(final int n) {
      log.add("open " + n);
    }

    @Override
    public void close() {
      log.add("close");
    }
  }

  // 1 await; a checked failure passes the catch.

  @Async
  Task<Integer> single() {
    int v;
    try {
      v = await(gate());
    } catch (RuntimeException e) {
      log.add("catch unchecked " + id(e));
      v = -1;
    }
    return done(v);
  }

  int singleBlocking() {
    int v;
    try {
      v = step();
    } catch (RuntimeException e) {
      log.add("catch unchecked " + id(e));
      v = -1;
    }
    return v;
  }

  // 2 awaits; catch, log and rethrow (precise rethrow), then finally.

  @Async
  Task<Integer> catchRethrow() {
    int sum = 0;
    try {
      sum += await(gate());
      log.add("after 1");
      sum += await(gate());
      log.add("after 2");
    } catch (Exception e) {
      log.add("catch " + id(e));
      throw e;
    } finally {
      log.add("finally");
    }
    return done(sum);
  }

  int catchRethrowBlocking() {
    int sum = 0;
    try {
      sum += step();
      log.add("after 1");
      sum += step();
      log.add("after 2");
    } catch (Exception e) {
      log.add("catch " + id(e));
      throw e;
    } finally {
      log.add("finally");
    }
    return sum;
  }

  // 3 awaits; nested try: inner finally, an inner catch that awaits to recover, an outer catch that returns.

  @Async
  Task<Integer> nested() {
    int sum = 0;
    try {
      try {
        sum += await(gate());
        try {
          sum += await(gate());
        } finally {
          log.add("inner finally");
        }
      } catch (RuntimeException e) {
        log.add("inner catch " + id(e));
        sum += 100 * await(gate());
      }
      sum += await(gate());
    } catch (Exception e) {
      log.add("outer catch " + id(e));
      return done(-sum);
    }
    return done(sum);
  }

  int nestedBlocking() {
    int sum = 0;
    try {
      try {
        sum += step();
        try {
          sum += step();
        } finally {
          log.add("inner finally");
        }
      } catch (RuntimeException e) {
        log.add("inner catch " + id(e));
        sum += 100 * step();
      }
      sum += step();
    } catch (Exception e) {
      log.add("outer catch " + id(e));
      return -sum;
    }
    return sum;
  }

  // 4 awaits; try-with-resources whose resource is built from an await, a catch, a finally that awaits.

  @Async
  Task<Integer> withResources() {
    int sum = 0;
    try (Resource r = new Resource(await(gate()))) {
      sum += await(gate());
      log.add("body");
      sum += await(gate());
    } catch (RuntimeException e) {
      log.add("catch " + id(e));
      throw e;
    } finally {
      log.add("finally");
      sum += await(gate());
    }
    return done(sum);
  }

  int withResourcesBlocking() {
    int sum = 0;
    try (Resource r = new Resource(step())) {
      sum += step();
      log.add("body");
      sum += step();
    } catch (RuntimeException e) {
      log.add("catch " + id(e));
      throw e;
    } finally {
      log.add("finally");
      sum += step();
    }
    return sum;
  }

  // 5 awaits; CancelAtEveryAwaitTest's shape, with an outer catch that wraps.

  @Async
  Task<Integer> five() {
    int sum = 0;
    try {
      sum += await(gate());
      log.add("after 1");
      try (Resource r = new Resource(sum)) {
        sum += await(gate());
        log.add("after 2");
        try {
          sum += await(gate());
          log.add("after 3");
        } finally {
          log.add("inner finally");
        }
        sum += await(gate());
        log.add("after 4");
      }
      sum += await(gate());
      log.add("after 5");
    } catch (Exception e) {
      log.add("outer catch " + id(e));
      throw new IllegalStateException("wrapped", e);
    } finally {
      log.add("outer finally");
    }
    return done(sum);
  }

  int fiveBlocking() {
    int sum = 0;
    try {
      sum += step();
      log.add("after 1");
      try (Resource r = new Resource(sum)) {
        sum += step();
        log.add("after 2");
        try {
          sum += step();
          log.add("after 3");
        } finally {
          log.add("inner finally");
        }
        sum += step();
        log.add("after 4");
      }
      sum += step();
      log.add("after 5");
    } catch (Exception e) {
      log.add("outer catch " + id(e));
      throw new IllegalStateException("wrapped", e);
    } finally {
      log.add("outer finally");
    }
    return sum;
  }
}
