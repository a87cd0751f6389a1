package dev.weft;

import static dev.weft.Weft.done;

import dev.weft.internal.AwaitSupport;
import dev.weft.internal.Coroutine;
import dev.weft.internal.Resumer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code @Async} methods compiled by hand into the shape the transformer emits: a stub calling a body that takes
 * the coroutine, a {@link Resumer} re-entering the body, {@code isDone/valueOf} fast paths, {@code create} at the
 * first real suspension, save/restore around it, {@code returnX/failX} at the exits. The comment above each one
 * is the source it stands for. These prove the runtime without the transformer.
 */
@SuppressWarnings("unchecked")
public final class HandCompiled {

  private HandCompiled() {
  }

  // @Async static <T> Task<T> echo(Task<T> x) { return done(await(x)); }

  private static final Resumer ECHO = c -> echo(null, c);

  public static <T> Task<T> echo(final Task<T> x) {
    return echo(x, null);
  }

  private static <T> Task<T> echo(Task<T> x, Coroutine c) {
    try {
      Object v;
      if (c == null) {
        if (AwaitSupport.isDone(x)) {
          v = AwaitSupport.valueOf(x);
        } else {
          c = Coroutine.create(ECHO, null, Coroutine.TASK, 0, 0);
          return (Task<T>) c.suspend(1, x);
        }
      } else {
        v = c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(done((T) v), c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static <T> Task<T> echoStage(CompletionStage<T> s) { return done(await(s)); }

  private static final Resumer ECHO_STAGE = c -> echoStage(null, c);

  public static <T> Task<T> echoStage(final CompletionStage<T> s) {
    return echoStage(s, null);
  }

  private static <T> Task<T> echoStage(CompletionStage<T> s, Coroutine c) {
    try {
      Object v;
      if (c == null) {
        if (AwaitSupport.isDone(s)) {
          v = AwaitSupport.valueOf(s);
        } else {
          c = Coroutine.create(ECHO_STAGE, null, Coroutine.TASK, 0, 0);
          return (Task<T>) c.suspend(1, s);
        }
      } else {
        v = c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(done((T) v), c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static Task<Integer> addOne(Task<Integer> x) { return done(await(x) + 1); }

  private static final Resumer ADD_ONE = c -> addOne(null, c);

  public static Task<Integer> addOne(final Task<Integer> x) {
    return addOne(x, null);
  }

  private static Task<Integer> addOne(Task<Integer> x, Coroutine c) {
    try {
      int v;
      if (c == null) {
        if (AwaitSupport.isDone(x)) {
          v = (Integer) AwaitSupport.valueOf(x);
        } else {
          c = Coroutine.create(ADD_ONE, null, Coroutine.TASK, 0, 0);
          return (Task<Integer>) c.suspend(1, x);
        }
      } else {
        v = (Integer) c.resumeValue();
      }
      return (Task<Integer>) AwaitSupport.returnTask(done(v + 1), c);
    } catch (Throwable t) {
      return (Task<Integer>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static Task<String> guarded(Task<String> x, List<String> log, boolean swallow) {
  //   String v;
  //   try { v = await(x); log.add("got " + v); }
  //   catch (CancelledException e) { log.add("cancelled"); if (!swallow) throw e; v = "swallowed"; }
  //   finally { log.add("finally"); }
  //   return done(v);
  // }

  private static final Resumer GUARDED = c -> guarded(null, null, false, c);

  public static Task<String> guarded(final Task<String> x, final List<String> log, final boolean swallow) {
    return guarded(x, log, swallow, null);
  }

  private static Task<String> guarded(Task<String> x, List<String> log, boolean swallow, Coroutine c) {
    try {
      if (c == null) {
        if (!AwaitSupport.isDone(x)) {
          c = Coroutine.create(GUARDED, null, Coroutine.TASK, 2, 1);
          Coroutine.saveRef(x, c, 0);
          Coroutine.saveRef(log, c, 1);
          Coroutine.saveInt(swallow ? 1 : 0, c, 0);
          return (Task<String>) c.suspend(1, x);
        }
      } else {
        x = (Task<String>) Coroutine.restoreRef(c, 0);
        log = (List<String>) Coroutine.restoreRef(c, 1);
        swallow = Coroutine.restoreInt(c, 0) != 0;
      }
      String v;
      try {
        v = (String) (c == null ? AwaitSupport.valueOf(x) : c.resumeValue());
        log.add("got " + v);
      } catch (CancelledException e) {
        log.add("cancelled");
        if (!swallow) {
          throw e;
        }
        v = "swallowed";
      } finally {
        log.add("finally");
      }
      return (Task<String>) AwaitSupport.returnTask(done(v), c);
    } catch (Throwable t) {
      return (Task<String>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static <T> Task<T> awaitThenFollow(Task<?> first, Task<T> next) { await(first); return next; }

  private static final Resumer AWAIT_THEN_FOLLOW = c -> awaitThenFollow(null, null, c);

  public static <T> Task<T> awaitThenFollow(final Task<?> first, final Task<T> next) {
    return awaitThenFollow(first, next, null);
  }

  private static <T> Task<T> awaitThenFollow(Task<?> first, Task<T> next, Coroutine c) {
    try {
      if (c == null) {
        if (AwaitSupport.isDone(first)) {
          AwaitSupport.valueOf(first);
        } else {
          c = Coroutine.create(AWAIT_THEN_FOLLOW, null, Coroutine.TASK, 1, 0);
          Coroutine.saveRef(next, c, 0);
          return (Task<T>) c.suspend(1, first);
        }
      } else {
        next = (Task<T>) Coroutine.restoreRef(c, 0);
        c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(next, c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static Task<Integer> repeat(int n, Supplier<Task<?>> next) {
  //   int i = 0;
  //   for (; i < n; i++) await(next.get());
  //   return done(i);
  // }

  private static final Resumer REPEAT = c -> repeat(0, null, c);

  public static Task<Integer> repeat(final int n, final Supplier<Task<?>> next) {
    return repeat(n, next, null);
  }

  private static Task<Integer> repeat(int n, Supplier<Task<?>> next, Coroutine c) {
    try {
      int i;
      if (c == null) {
        i = 0;
      } else {
        n = Coroutine.restoreInt(c, 0);
        i = Coroutine.restoreInt(c, 1);
        next = (Supplier<Task<?>>) Coroutine.restoreRef(c, 0);
        c.resumeValue();
        i++;
      }
      for (; i < n; i++) {
        Task<?> t = next.get();
        if (AwaitSupport.isDone(t)) {
          AwaitSupport.valueOf(t);
          continue;
        }
        if (c == null) {
          c = Coroutine.create(REPEAT, null, Coroutine.TASK, 1, 2);
        }
        Coroutine.saveInt(n, c, 0);
        Coroutine.saveInt(i, c, 1);
        Coroutine.saveRef(next, c, 0);
        return (Task<Integer>) c.suspend(1, t);
      }
      return (Task<Integer>) AwaitSupport.returnTask(done(i), c);
    } catch (Throwable t) {
      return (Task<Integer>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static Task<String> sleeper(long ms, String name, List<String> log) {
  //   await(sleep(ms)); log.add(name); return done(name);
  // }

  private static final Resumer SLEEPER = c -> sleeper(0, null, null, c);

  public static Task<String> sleeper(final long ms, final String name, final List<String> log) {
    return sleeper(ms, name, log, null);
  }

  private static Task<String> sleeper(long ms, String name, List<String> log, Coroutine c) {
    try {
      if (c == null) {
        Task<Void> s = Weft.sleep(ms);
        if (AwaitSupport.isDone(s)) {
          AwaitSupport.valueOf(s);
        } else {
          c = Coroutine.create(SLEEPER, null, Coroutine.TASK, 2, 1);
          Coroutine.saveLong(ms, c, 0);
          Coroutine.saveRef(name, c, 0);
          Coroutine.saveRef(log, c, 1);
          return (Task<String>) c.suspend(1, s);
        }
      } else {
        ms = Coroutine.restoreLong(c, 0);
        name = (String) Coroutine.restoreRef(c, 0);
        log = (List<String>) Coroutine.restoreRef(c, 1);
        c.resumeValue();
      }
      log.add(name);
      return (Task<String>) AwaitSupport.returnTask(done(name), c);
    } catch (Throwable t) {
      return (Task<String>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static <T> Task<T> relay(Task<?> gate, Task<T> other) { await(gate); return other; }

  private static final Resumer RELAY = c -> relay(null, null, c);

  public static <T> Task<T> relay(final Task<?> gate, final Task<T> other) {
    return relay(gate, other, null);
  }

  private static <T> Task<T> relay(Task<?> gate, Task<T> other, Coroutine c) {
    try {
      if (c == null) {
        if (AwaitSupport.isDone(gate)) {
          AwaitSupport.valueOf(gate);
        } else {
          c = Coroutine.create(RELAY, null, Coroutine.TASK, 1, 0);
          Coroutine.saveRef(other, c, 0);
          return (Task<T>) c.suspend(1, gate);
        }
      } else {
        other = (Task<T>) Coroutine.restoreRef(c, 0);
        c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(other, c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static CompletableFuture<String> bang(CompletionStage<String> s) {
  //   return CompletableFuture.completedFuture(await(s) + "!");
  // }

  private static final Resumer BANG = c -> bang(null, c);

  public static CompletableFuture<String> bang(final CompletionStage<String> s) {
    return bang(s, null);
  }

  private static CompletableFuture<String> bang(CompletionStage<String> s, Coroutine c) {
    try {
      Object v;
      if (c == null) {
        if (AwaitSupport.isDone(s)) {
          v = AwaitSupport.valueOf(s);
        } else {
          c = Coroutine.create(BANG, null, Coroutine.COMPLETABLE_FUTURE, 0, 0);
          return (CompletableFuture<String>) c.suspend(1, s);
        }
      } else {
        v = c.resumeValue();
      }
      return (CompletableFuture<String>) AwaitSupport.returnFuture(CompletableFuture.completedFuture(v + "!"), c);
    } catch (Throwable t) {
      return (CompletableFuture<String>) AwaitSupport.failFuture(t, c);
    }
  }

  // @Async static Task<String> prims(Task<?> gate, int i, long l, float f, double d) {
  //   await(gate); return done(i + "/" + l + "/" + f + "/" + d);
  // }

  private static final Resumer PRIMS = c -> prims(null, 0, 0, 0, 0, c);

  public static Task<String> prims(final Task<?> gate, final int i, final long l, final float f, final double d) {
    return prims(gate, i, l, f, d, null);
  }

  private static Task<String> prims(Task<?> gate, int i, long l, float f, double d, Coroutine c) {
    try {
      if (c == null) {
        if (AwaitSupport.isDone(gate)) {
          AwaitSupport.valueOf(gate);
        } else {
          c = Coroutine.create(PRIMS, null, Coroutine.TASK, 0, 4);
          Coroutine.saveInt(i, c, 0);
          Coroutine.saveLong(l, c, 1);
          Coroutine.saveFloat(f, c, 2);
          Coroutine.saveDouble(d, c, 3);
          return (Task<String>) c.suspend(1, gate);
        }
      } else {
        i = Coroutine.restoreInt(c, 0);
        l = Coroutine.restoreLong(c, 1);
        f = Coroutine.restoreFloat(c, 2);
        d = Coroutine.restoreDouble(c, 3);
        c.resumeValue();
      }
      return (Task<String>) AwaitSupport.returnTask(done(i + "/" + l + "/" + f + "/" + d), c);
    } catch (Throwable t) {
      return (Task<String>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static <T> Task<T> then(Task<?> x, Supplier<T> f) { await(x); return done(f.get()); }

  private static final Resumer THEN = c -> then(null, null, c);

  public static <T> Task<T> then(final Task<?> x, final Supplier<T> f) {
    return then(x, f, null);
  }

  private static <T> Task<T> then(Task<?> x, Supplier<T> f, Coroutine c) {
    try {
      if (c == null) {
        if (AwaitSupport.isDone(x)) {
          AwaitSupport.valueOf(x);
        } else {
          c = Coroutine.create(THEN, null, Coroutine.TASK, 1, 0);
          Coroutine.saveRef(f, c, 0);
          return (Task<T>) c.suspend(1, x);
        }
      } else {
        f = (Supplier<T>) Coroutine.restoreRef(c, 0);
        c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(done(f.get()), c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static <T> Task<T> thenStage(CompletionStage<?> s, Supplier<T> f) { await(s); return done(f.get()); }

  private static final Resumer THEN_STAGE = c -> thenStage(null, null, c);

  public static <T> Task<T> thenStage(final CompletionStage<?> s, final Supplier<T> f) {
    return thenStage(s, f, null);
  }

  private static <T> Task<T> thenStage(CompletionStage<?> s, Supplier<T> f, Coroutine c) {
    try {
      if (c == null) {
        if (AwaitSupport.isDone(s)) {
          AwaitSupport.valueOf(s);
        } else {
          c = Coroutine.create(THEN_STAGE, null, Coroutine.TASK, 1, 0);
          Coroutine.saveRef(f, c, 0);
          return (Task<T>) c.suspend(1, s);
        }
      } else {
        f = (Supplier<T>) Coroutine.restoreRef(c, 0);
        c.resumeValue();
      }
      return (Task<T>) AwaitSupport.returnTask(done(f.get()), c);
    } catch (Throwable t) {
      return (Task<T>) AwaitSupport.failTask(t, c);
    }
  }

  // @Async static Task<String> stubborn(Task<?> a, Task<?> b, List<String> log) {
  //   try { await(a); } catch (CancelledException e) { log.add("first"); }
  //   try { await(b); } catch (CancelledException e) { log.add("second"); }
  //   return done("end");
  // }

  private static final Resumer STUBBORN = c -> stubborn(null, null, null, c);

  public static Task<String> stubborn(final Task<?> a, final Task<?> b, final List<String> log) {
    return stubborn(a, b, log, null);
  }

  private static Task<String> stubborn(Task<?> a, Task<?> b, List<String> log, Coroutine c) {
    try {
      int resumeAt = c == null ? 0 : c.state();
      if (resumeAt != 0) {
        b = (Task<?>) Coroutine.restoreRef(c, 0);
        log = (List<String>) Coroutine.restoreRef(c, 1);
      }
      if (resumeAt == 0) {
        try {
          if (AwaitSupport.isDone(a)) {
            AwaitSupport.valueOf(a);
          } else {
            c = Coroutine.create(STUBBORN, null, Coroutine.TASK, 2, 0);
            Coroutine.saveRef(b, c, 0);
            Coroutine.saveRef(log, c, 1);
            return (Task<String>) c.suspend(1, a);
          }
        } catch (CancelledException e) {
          log.add("first");
        }
      }
      if (resumeAt == 1) {
        try {
          c.resumeValue();
        } catch (CancelledException e) {
          log.add("first");
        }
      }
      if (resumeAt <= 1) {
        if (AwaitSupport.isDone(b)) {
          try {
            AwaitSupport.valueOf(b);
          } catch (CancelledException e) {
            log.add("second");
          }
        } else {
          if (c == null) {
            c = Coroutine.create(STUBBORN, null, Coroutine.TASK, 2, 0);
          }
          Coroutine.saveRef(b, c, 0);
          Coroutine.saveRef(log, c, 1);
          return (Task<String>) c.suspend(2, b);
        }
      } else {
        try {
          c.resumeValue();
        } catch (CancelledException e) {
          log.add("second");
        }
      }
      return (Task<String>) AwaitSupport.returnTask(done("end"), c);
    } catch (Throwable t) {
      return (Task<String>) AwaitSupport.failTask(t, c);
    }
  }

  /** An instance method: {@code @Async Task<Integer> add(Task<Integer> x) { total += await(x); return done(total); }}. */
  public static final class Counter {
    private static final Resumer ADD = c -> ((Counter) c.self()).add(null, c);
    public int total;

    public Task<Integer> add(final Task<Integer> x) {
      return add(x, null);
    }

    private Task<Integer> add(Task<Integer> x, Coroutine c) {
      try {
        int v;
        if (c == null) {
          if (AwaitSupport.isDone(x)) {
            v = (Integer) AwaitSupport.valueOf(x);
          } else {
            c = Coroutine.create(ADD, this, Coroutine.TASK, 0, 0);
            return (Task<Integer>) c.suspend(1, x);
          }
        } else {
          v = (Integer) c.resumeValue();
        }
        total += v;
        return (Task<Integer>) AwaitSupport.returnTask(done(total), c);
      } catch (Throwable t) {
        return (Task<Integer>) AwaitSupport.failTask(t, c);
      }
    }
  }
}
