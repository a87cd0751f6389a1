package dev.weft.internal;

import java.lang.ref.Cleaner;

/**
 * Reports a task failure that nobody retrieved (asyncio's "Task exception was never retrieved"), exactly once:
 * when the failed task is garbage-collected, or when its loop closes, whichever comes first. A failure counts as
 * retrieved once an awaiter, {@code result()}, {@code join()}, an {@code onDone} callback or a combinator took it.
 *
 * <p>Cost: paid at failure only (a {@link Cleaner} registration and the task's name); a task that succeeds or is
 * cancelled pays nothing. The cleaning action holds the {@link Failure}, never the task, so it cannot keep the task
 * alive. (A failure whose exception itself references its task keeps the task reachable, and is then reported when
 * the loop closes.)
 *
 * <p>Threads: {@link #track} on the completing thread; the GC report runs on the cleaner's daemon thread, the close
 * report on the loop thread; {@link Failure#claim()} makes exactly one of them report.
 */
final class Unretrieved {

  private Unretrieved() {
    throw new AssertionError();
  }

  /** Created on first failure: loops that never see a failure never start the cleaner thread. */
  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create(r -> {
      Thread t = new Thread(r, "weft-unretrieved-reporter");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts watching a failure (not a cancellation): remembered by its loop for the close report, and reported by
   * the cleaner if the task becomes unreachable first.
   *
   * @param task the failed task; not null
   * @param f its failure; not null
   */
  static void track(final TaskCore<?> task, final Failure f) {
    f.taskName = task.name();
    LoopTasks.noteFailure(task, f);
    Holder.CLEANER.register(task, new Report(f));
  }

  /**
   * Reports a failure now if nobody retrieved or reported it yet.
   *
   * @param f the failure; not null
   * @param when why now ("garbage-collected", "its loop closed")
   */
  static void reportIfUnclaimed(final Failure f, final String when) {
    if (f.claim()) {
      Unhandled.reportUnretrieved(f.taskName, when, f.error);
    }
  }

  /** The cleaning action: holds the failure only, never the task. */
  private static final class Report implements Runnable {
    private final Failure failure;

    Report(final Failure failure) {
      this.failure = failure;
    }

    @Override
    public void run() {
      reportIfUnclaimed(failure, "was garbage-collected");
    }
  }
}
