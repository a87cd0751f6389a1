package dev.weft.internal;

import dev.weft.loop.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The tasks one loop keeps track of: the intrusive doubly-linked list of live tasks (spawned tasks and suspended
 * coroutines, see {@link LiveTask}), and the failures that nobody has retrieved yet, reported when the loop closes.
 *
 * <p>Threads: loop thread only, except {@link #noteFailure}, which hops to the loop when called elsewhere.
 */
public final class LoopTasks {

  /** Noted failures are swept of retrieved ones when the list reaches this size (then twice the survivors). */
  private static final int FIRST_SWEEP = 256;

  private final EventLoop loop;
  private LiveTask<?> head;
  private int size;
  private long additions;
  private final ArrayList<Failure> failures = new ArrayList<>();
  private int nextSweep = FIRST_SWEEP;
  private int spawned;
  /** How deep spawned tasks are adopting their bodies' outcomes inside one another (see SpawnedTask.taskDone). */
  int inlineAdoptions;
  /** The most such adoptions nested before the next one goes through the ready queue. */
  static final int MAX_INLINE = 8;
  /**
   * The tasks the shutdown has cancelled once (it cancels each live task once, then runs turns until the list is
   * empty); made by the first {@link #cancelAllOnce}, so tasks carry no flag field for it.
   */
  private Set<LiveTask<?>> shutdownCancelled;

  /**
   * Bookkeeping for one loop.
   *
   * @param loop the owner; not null
   */
  public LoopTasks(final EventLoop loop) {
    this.loop = loop;
    Stats.register(this);
  }

  /**
   * Suspensions of coroutines on this loop ({@link Stats}): written by the loop thread only, plainly (a long is
   * read whole on the 64-bit JVMs Weft runs on); {@code suspensionsBase} is the count at the last reset.
   */
  long suspensions;
  long suspensionsBase;

  void add(final LiveTask<?> t) {
    assert loop.inLoopThread();
    if (isLinked(t)) {
      return;
    }
    t.livePrev = null;
    t.liveNext = head;
    if (head != null) {
      head.livePrev = t;
    }
    head = t;
    size++;
    additions++;
  }

  void remove(final LiveTask<?> t) {
    assert loop.inLoopThread();
    if (!isLinked(t)) {
      return;
    }
    if (t.livePrev != null) {
      t.livePrev.liveNext = t.liveNext;
    } else {
      head = t.liveNext;
    }
    if (t.liveNext != null) {
      t.liveNext.livePrev = t.livePrev;
    }
    t.livePrev = null;
    t.liveNext = null;
    size--;
  }

  /** A task is in the list iff something links to it: its predecessor, or the head pointer when it is first. */
  private boolean isLinked(final LiveTask<?> t) {
    return t.livePrev != null || head == t;
  }

  /** @return the number of live (pending, tracked) tasks */
  public int size() {
    return size;
  }

  /**
   * Cancels, once each, every live task not cancelled by an earlier call; used by the loop's shutdown, which then
   * runs turns until the list is empty. Tasks spawned by {@code finally} blocks during shutdown get cancelled by
   * the next call.
   *
   * @return how many tasks this call cancelled
   */
  public int cancelAllOnce() {
    assert loop.inLoopThread();
    // Snapshot first: cancelling one task may complete others (a spawned task that never started), which unlinks
    // them while we walk.
    ArrayList<LiveTask<?>> snapshot = new ArrayList<>(size);
    if (shutdownCancelled == null) {
      shutdownCancelled = Collections.newSetFromMap(new IdentityHashMap<>());
    }
    for (LiveTask<?> t = head; t != null; t = t.liveNext) {
      if (!shutdownCancelled.contains(t)) {
        snapshot.add(t);
      }
    }
    // Oldest first (the list is newest first): a spawned task or an awaiting coroutine is older than the task it
    // follows, and cancelling it passes the request on; the follower then already has one and is skipped, so each
    // task receives exactly one CancelledException from the shutdown.
    int cancelled = 0;
    for (int i = snapshot.size() - 1; i >= 0; i--) {
      LiveTask<?> t = snapshot.get(i);
      shutdownCancelled.add(t);
      if (!t.cancelRequested() && t.cancel()) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** @return the number of the next spawned task on this loop (1, 2, ...), for its default name. Loop thread. */
  int nextSpawnNumber() {
    return ++spawned;
  }

  /**
   * The live tasks, oldest first. Loop thread (see {@link TaskDump} for the best-effort read from elsewhere).
   *
   * @param max the most to return (a racy read from another thread must not loop forever)
   * @return a new list
   */
  java.util.List<LiveTask<?>> snapshot(final int max) {
    ArrayList<LiveTask<?>> all = new ArrayList<>();
    for (LiveTask<?> t = head; t != null && all.size() < max; t = t.liveNext) {
      all.add(t);
    }
    Collections.reverse(all);
    return all;
  }

  /** @return a counter of all additions so far (tells shutdown whether new tasks appeared) */
  public long additions() {
    return additions;
  }

  /** Remembers a failure, to be reported at close unless someone retrieves it first. Any thread. */
  static void noteFailure(final TaskCore<?> task, final Failure f) {
    EventLoop l = task.loop() != null ? task.loop() : EventLoop.current();
    if (l == null || l.isClosed()) {
      return;
    }
    LoopTasks lt = l.tasks();
    if (l.inLoopThread()) {
      lt.addFailure(f);
    } else {
      l.execute(() -> lt.addFailure(f));
    }
  }

  private void addFailure(final Failure f) {
    failures.add(f);
    if (failures.size() >= nextSweep) {
      failures.removeIf(Failure::accountedFor);
      nextSweep = Math.max(FIRST_SWEEP, failures.size() * 2);
    }
  }

  /**
   * The loop closes (called once): its suspension count joins the shared statistics, and every noted failure
   * nobody retrieved (nor reported when its task was collected) is reported.
   */
  public void loopClosed() {
    Stats.retire(this);
    reportUnobserved();
  }

  private void reportUnobserved() {
    for (Failure f : failures) {
      Unretrieved.reportIfUnclaimed(f, "was still referenced when its loop closed");
    }
    failures.clear();
  }
}
