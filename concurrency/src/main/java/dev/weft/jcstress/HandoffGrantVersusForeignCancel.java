package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.sync.AsyncQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * A loop-confined hand-off ({@code AsyncQueue.get()} on an empty queue) granted on the loop thread while another
 * thread cancels it and watches it. The loop completes and registers without atomics; the foreign cancel and the
 * foreign {@code onDone} hop to the loop (docs/design.md, "Loop-confined hand-offs"). One more thread has the loop
 * put the item, so either the grant or the cancellation may reach the loop first.
 *
 * <p>The loop thread creates a loop, makes the queue and the getter task on it, publishes them, registers a watcher
 * there and runs; the granter and the canceller wait for the task, pause at random, and act; the last of them stops
 * the loop (a stopped loop runs what is queued when it closes).
 *
 * <p>Result: the task's state (1 succeeded with the item, 2 cancelled), cancel() returned true, items left in the
 * queue, times the loop-side watcher and the foreign watcher were told.
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 1, 1", expect = ACCEPTABLE,
    desc = "cancel requested while pending, but the item reached the loop first: the getter took it")
@Outcome(id = "1, 0, 0, 1, 1", expect = ACCEPTABLE, desc = "the getter took the item before the cancel looked")
@Outcome(id = "2, 1, 1, 1, 1", expect = ACCEPTABLE, desc = "the cancellation reached the loop first; the item stays")
@Outcome(expect = FORBIDDEN, desc = "ended twice or never, a watcher told twice or never, an item lost or doubled")
@State
public class HandoffGrantVersusForeignCancel {

  private volatile EventLoop loop;
  private volatile AsyncQueue<Integer> queue;
  private volatile Task<Integer> getter;
  private final AtomicInteger actorsLeft = new AtomicInteger(2);
  private volatile int cancelReturned = -1;
  private volatile int left = -1;
  private int toldOnLoop; // loop thread only
  private final AtomicInteger toldForeign = new AtomicInteger();

  @Actor
  public void loop() {
    EventLoop l = new EventLoop();
    loop = l;
    l.callSoonThreadsafe(() -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      Task<Integer> g = q.get();
      g.onDone(t -> toldOnLoop++);
      queue = q;
      getter = g;
    });
    l.runForever();
    left = queue.size(); // on the loop thread, after the last turn
    l.close();
  }

  @Actor
  public void granter() {
    if (Spin.until(() -> getter != null)) {
      Spin.jitter(128);
      loop.execute(() -> queue.offer(7));
    }
    actorDone();
  }

  @Actor
  public void canceller() {
    if (Spin.until(() -> getter != null)) {
      Task<Integer> g = getter;
      Spin.jitter(128);
      g.onDone(t -> toldForeign.incrementAndGet());
      cancelReturned = g.cancel() ? 1 : 0;
    }
    actorDone();
  }

  private void actorDone() {
    if (actorsLeft.decrementAndGet() == 0) {
      // through the loop's queue, after both actors' work: the loop stops once that has run
      loop.execute(loop::stop);
    }
  }

  @Arbiter
  public void outcome(final IIIII_Result r) {
    Task<Integer> g = getter;
    r.r1 = g == null || !g.isDone() ? 0 : g.isCancelled() ? 2 : g.result() == 7 ? 1 : -1;
    r.r2 = cancelReturned;
    r.r3 = left;
    r.r4 = toldOnLoop;
    r.r5 = toldForeign.get();
  }
}
