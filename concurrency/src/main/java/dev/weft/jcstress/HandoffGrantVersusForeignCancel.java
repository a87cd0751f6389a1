package dev.weft.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Task;
import dev.weft.loop.EventLoop;
import dev.weft.sync.AsyncQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * A hand-off ({@code AsyncQueue.get()} on an empty queue) granted on the loop thread while another thread cancels it
 * and watches it: the outcome compare-and-swap and the waiter stack raced from both sides.
 *
 * <p>The loop thread creates a loop, makes the queue and the getter task on it, registers a watcher there,
 * publishes the task, and puts the item a random number of turns later (0 to 3). The canceller waits for the task,
 * pauses at random, watches it ({@code onDone}), cancels it and stops the loop (a stopped loop runs what is still
 * queued when it closes). jcstress schedules two actors on this two-CPU machine, so the item is put by the loop
 * thread itself.
 *
 * <p>Result: the task's state (1 succeeded with the item, 2 cancelled), cancel() returned true, items left in the
 * queue, times the loop-side watcher and the foreign watcher were told.
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 1, 1", expect = ACCEPTABLE, desc = "the getter took the item before the cancel")
@Outcome(id = "2, 1, 1, 1, 1", expect = ACCEPTABLE, desc = "the cancel won; the item stays in the queue")
@Outcome(expect = FORBIDDEN, desc = "ended twice or never, a watcher told twice or never, an item lost or doubled")
@State
public class HandoffGrantVersusForeignCancel {

  private volatile EventLoop loop;
  private volatile AsyncQueue<Integer> queue;
  private volatile Task<Integer> getter;
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
      putAfter(ThreadLocalRandom.current().nextInt(4));
    });
    l.runForever();
    l.close();
    left = queue.size(); // everything queued ran by now, the put included
  }

  /** Puts the item {@code turns} turns from now. Loop thread. */
  private void putAfter(final int turns) {
    if (turns == 0) {
      queue.offer(7);
    } else {
      loop.callSoon(() -> putAfter(turns - 1));
    }
  }

  @Actor
  public void canceller() {
    if (Spin.until(() -> getter != null)) {
      Task<Integer> g = getter;
      Spin.jitter(128);
      g.onDone(t -> toldForeign.incrementAndGet());
      cancelReturned = g.cancel() ? 1 : 0;
    }
    EventLoop l = loop;
    l.execute(l::stop); // through the loop's queue, after the work queued above
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
