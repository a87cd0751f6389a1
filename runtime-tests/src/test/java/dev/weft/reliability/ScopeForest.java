package dev.weft.reliability;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.timeout;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.sync.AsyncEvent;
import dev.weft.task.TaskGroup;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * The random spawn/cancel trees of {@link StructuredNoLeakTest}, and what they did. A tree is a {@code taskGroup} or
 * {@code timeout} scope whose children sleep, await events, fail, clean up in a {@code finally} that suspends, spawn
 * unreferenced tasks, or open nested scopes (some guarded so that a failure stops there); group bodies await their
 * children through {@code gather}, {@code gatherSettled} or one by one, or cancel one, or leave them to the scope;
 * children, nested scopes and whole trees are cancelled from outside by timers at random moments.
 *
 * <p>Every scope is watched at the very moment it ends (a {@code CompletableFuture} view completes inline): each
 * child it spawned must be done by then. Unreferenced tasks ("orphans", spawned and dropped) either sleep or wait on a
 * promise that only they refer to, which the test completes through a weak reference after {@code System.gc()}: if
 * the loop did not hold a pending task, the collector would take it and its promise, and it would never finish.
 *
 * <p>Threads: the loop thread only (everything here runs on it).
 */
final class ScopeForest {

  /** A failure of our making; no stack trace (cheap). */
  static final class Boom extends RuntimeException {
    Boom() {
      super("boom", null, false, false);
    }
  }

  final Random rnd;
  int nodes;
  int groups;
  int timeouts;
  int succeeded;
  int failed;
  int cancelled;
  int timedOut;
  int childrenChecked;
  int pendingAfterScope;
  final List<String> leaks = new ArrayList<>();
  int externalCancels;
  int bodyCancels;
  int failuresThrown;
  int caught;
  int absorbed;
  int orphansSpawned;
  int orphansFinished;
  int parkedOrphans;
  int parkedCollected;
  int collections;
  private final List<WeakReference<Promise<Void>>> parked = new ArrayList<>();

  ScopeForest(final long seed) {
    this.rnd = new Random(seed);
  }

  /** One tree's node budget, and two events its children wait for, set by timers at random moments. */
  final class Tree {
    private final int budget = 2 + rnd.nextInt(38);
    private int grown;
    private final AsyncEvent[] events = {new AsyncEvent(), new AsyncEvent()};

    Tree() {
      for (AsyncEvent e : events) {
        EventLoop.current().schedule(Duration.ofMillis(rnd.nextInt(6)), e::set);
      }
    }

    /** @return whether the budget allows one more node (and counts it) */
    boolean grow() {
      if (grown >= budget) {
        return false;
      }
      grown++;
      nodes++;
      return true;
    }
  }

  /** A new tree's root scope, cancelled from outside at a random moment one time in five. */
  Task<Integer> plant(final int depth) {
    Tree t = new Tree();
    t.grow();
    Task<Integer> root = rnd.nextInt(3) == 0 ? timeoutScope(t, depth) : groupScope(t, depth);
    if (rnd.nextInt(5) == 0) {
      cancelLater(root);
    }
    return root;
  }

  private void cancelLater(final Task<?> task) {
    externalCancels++;
    EventLoop.current().schedule(Duration.ofMillis(rnd.nextInt(5)), task::cancel);
  }

  // ---- scopes ---------------------------------------------------------------------------------------------

  Task<Integer> groupScope(final Tree t, final int depth) {
    groups++;
    List<Task<?>> kids = new ArrayList<>();
    Task<Integer> scope = taskGroup(g -> groupBody(t, g, kids, depth));
    watch(scope, kids);
    return scope;
  }

  Task<Integer> timeoutScope(final Tree t, final int depth) {
    timeouts++;
    List<Task<?>> body = new ArrayList<>(1);
    Task<Integer> scope = timeout(Duration.ofMillis(rnd.nextInt(5)), () -> {
      Task<Integer> b = t.grow() ? child(t, depth) : nap(rnd.nextInt(4));
      body.add(b);
      return b;
    });
    watch(scope, body);
    return scope;
  }

  /** Checks, at the moment {@code scope} ends, that every child it spawned has ended; counts how it ended. */
  private void watch(final Task<?> scope, final List<Task<?>> kids) {
    scope.toCompletableFuture().whenComplete((v, e) -> {
      for (Task<?> k : kids) {
        childrenChecked++;
        if (!k.isDone()) {
          pendingAfterScope++;
          if (leaks.size() < 10) {
            leaks.add(k + " still pending when " + scope + " ended");
          }
        }
      }
      if (e == null) {
        succeeded++;
      } else if (e instanceof CancellationException) {
        cancelled++;
      } else if (e instanceof AsyncTimeoutException) {
        timedOut++;
      } else {
        failed++;
      }
    });
  }

  @Async
  private Task<Integer> groupBody(final Tree t, final TaskGroup g, final List<Task<?>> kids, final int depth) {
    List<Task<Integer>> awaitable = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n && !g.isClosed() && t.grow(); i++) {
      Task<Integer> c = g.spawn(() -> child(t, depth));
      kids.add(c);
      if (rnd.nextInt(6) == 0) {
        cancelLater(c); // not awaited below: its CancelledException is not the body's
      } else {
        awaitable.add(c);
      }
      if (rnd.nextInt(8) == 0) {
        await(sleep(0)); // children spawned over several turns
      }
    }
    int how = rnd.nextInt(5);
    if (how == 0 && !awaitable.isEmpty()) {
      try {
        await(gather(awaitable));
      } catch (Boom | AsyncTimeoutException e) {
        caught++;
      }
    } else if (how == 1) {
      await(gatherSettled(kids));
    } else if (how == 2) {
      for (Task<Integer> c : awaitable) {
        try {
          await(c);
        } catch (Boom | AsyncTimeoutException e) {
          caught++;
        }
      }
    } else if (how == 3 && !kids.isEmpty()) {
      bodyCancels++;
      kids.get(rnd.nextInt(kids.size())).cancel(); // the body cancels a child itself, and leaves it
    }
    if (rnd.nextInt(25) == 0) {
      failuresThrown++;
      throw new Boom(); // the body fails: the scope aborts
    }
    return done(kids.size());
  }

  // ---- children -------------------------------------------------------------------------------------------

  @Async
  private Task<Integer> child(final Tree t, final int depth) {
    int kind = rnd.nextInt(depth > 0 ? 9 : 6);
    if (kind == 0) {
      await(sleep(rnd.nextInt(3)));
    } else if (kind == 1) {
      await(t.events[rnd.nextInt(2)].awaitSet());
    } else if (kind == 2) {
      if (rnd.nextBoolean()) {
        await(sleep(rnd.nextInt(2)));
      }
      failuresThrown++;
      throw new Boom();
    } else if (kind == 3) {
      try {
        await(sleep(1 + rnd.nextInt(4)));
      } finally {
        await(sleep(0)); // clean-up that suspends: the scope must wait for it
      }
    } else if (kind == 4) {
      spawnOrphan();
      await(sleep(0));
    } else if (kind == 5) {
      return nap(rnd.nextInt(2));
    } else if (kind == 6) {
      return groupScope(t, depth - 1);
    } else if (kind == 7) {
      return timeoutScope(t, depth - 1);
    } else {
      return guarded(t, depth - 1);
    }
    return done(1);
  }

  /** A nested scope whose failure or timeout stops here (a cancellation of this task still passes). */
  @Async
  private Task<Integer> guarded(final Tree t, final int depth) {
    try {
      return done(await(rnd.nextBoolean() ? groupScope(t, depth) : timeoutScope(t, depth)));
    } catch (Boom | AsyncTimeoutException e) {
      absorbed++;
      return done(0);
    }
  }

  @Async
  private static Task<Integer> nap(final int millis) {
    await(sleep(millis));
    return done(0);
  }

  // ---- unreferenced tasks ---------------------------------------------------------------------------------

  /** Spawns a task and drops it: nothing but the loop refers to it. */
  private void spawnOrphan() {
    orphansSpawned++;
    if (rnd.nextBoolean()) {
      int ms = rnd.nextInt(6);
      spawn(() -> sleepingOrphan(ms));
    } else {
      spawn(this::parkedOrphan);
    }
  }

  @Async
  private Task<Void> sleepingOrphan(final int millis) {
    await(sleep(millis));
    orphansFinished++;
    return done();
  }

  @Async
  private Task<Void> parkedOrphan() {
    Promise<Void> p = new Promise<>();
    parkedOrphans++;
    parked.add(new WeakReference<>(p));
    await(p); // p and this coroutine refer to each other; only the loop's live list holds the pair
    orphansFinished++;
    return done();
  }

  /** {@code System.gc()}, then completes every parked orphan's promise; one that was collected is counted. */
  void collectAndWake() {
    System.gc();
    collections++;
    for (WeakReference<Promise<Void>> r : parked) {
      Promise<Void> p = r.get();
      if (p == null) {
        parkedCollected++;
      } else {
        p.complete(null);
      }
    }
    parked.clear();
  }
}
