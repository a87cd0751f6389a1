package dev.weft.loop;

import dev.weft.lincheck.Lincheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistencyVerifier;
import org.jetbrains.kotlinx.lincheck.verifier.quiescent.QuiescentConsistent;
import org.junit.jupiter.api.Test;

/**
 * The loop's cross-thread submission queue, as {@link EventLoop#callSoonThreadsafe} and its handles offer it:
 * callbacks submitted from several threads run in one order consistent with their submission (each thread's in its
 * own order), each at most once, and a {@link CallbackHandle#cancel()} racing the loop either stops the callback
 * (1) or finds it run or cancelled (0), never both. One thread at a time runs loop turns ({@link LoopUnderTest#turn});
 * each returns what it ran. Submissions and turns are linearizable; {@code cancel} is checked for quiescent
 * consistency, because a turn is no single instant: it takes what is queued, then runs it entry by entry, so a cancel
 * landing in between acts on an entry of the turn while a newer submission waits for the next one.
 *
 * <p>Not covered here: the wake-up handshake with a loop asleep in {@code select} (Lincheck cannot interleave a thread
 * blocked in a native call); the jcstress tests {@code *Wakeup} cover it.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class SubmitQueueLincheckTest {

  private final EventLoop loop = LoopUnderTest.create();
  /** The handle of each value's first callback; index 0 unused. */
  private final AtomicReferenceArray<CallbackHandle> handles = new AtomicReferenceArray<>(4);
  private final Object[] locks = {new Object(), new Object(), new Object(), new Object()};
  /** What the loop ran during the current turn (loop turns only, one thread at a time). */
  private final List<Integer> ran = new ArrayList<>();

  /**
   * {@code callSoonThreadsafe}, with its handle published before the callback is queued: built from the same two
   * parts ({@link SoonCallback}, then {@link EventLoop#execute}, the queue path {@code callSoonThreadsafe} takes), so
   * that a {@code cancel} never misses a handle whose callback already ran. The first submission of a value keeps
   * the value's handle slot (later ones of the same value only queue), and holds the value's lock while it claims the
   * slot and queues, so that a cancel's handle never changes under it (gaps in the test's bookkeeping, not in the
   * loop; submissions still race each other, the loop and cancels).
   */
  @Operation
  public void submit(@Param(name = "value") final int value) {
    SoonCallback c = new SoonCallback(() -> ran.add(value));
    synchronized (locks[value]) {
      handles.compareAndSet(value, null, c);
      loop.execute(c);
    }
  }

  /**
   * @return -1 before the value's first submission, 1 when this call stopped that callback, 0 when it had run or was
   *     cancelled
   */
  @QuiescentConsistent
  @Operation
  public int cancel(@Param(name = "value") final int value) {
    CallbackHandle h = handles.get(value);
    return h == null ? -1 : h.cancel() ? 1 : 0;
  }

  @Operation(nonParallelGroup = "loop")
  public List<Integer> turn() {
    LoopUnderTest.turn(loop);
    List<Integer> r = new ArrayList<>(ran);
    ran.clear();
    return r;
  }

  /** The sequential specification: a FIFO queue of callbacks, each pending, run or cancelled. */
  public static final class Spec {
    private static final class Entry {
      final int value;
      int state; // 0 pending, 1 ran, 2 cancelled

      Entry(final int value) {
        this.value = value;
      }
    }

    private final List<Entry> queue = new ArrayList<>();
    private final Entry[] handles = new Entry[4];

    public void submit(final int value) {
      Entry e = new Entry(value);
      queue.add(e);
      if (handles[value] == null) {
        handles[value] = e;
      }
    }

    public int cancel(final int value) {
      Entry e = handles[value];
      if (e == null) {
        return -1;
      }
      if (e.state != 0) {
        return 0;
      }
      e.state = 2;
      return 1;
    }

    public List<Integer> turn() {
      List<Integer> r = new ArrayList<>();
      for (Entry e : queue) {
        if (e.state == 0) {
          e.state = 1;
          r.add(e.value);
        }
      }
      queue.clear();
      return r;
    }
  }

  @Test
  void modelChecking() {
    Lincheck.modelCheck(SubmitQueueLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }

  @Test
  void stress() {
    Lincheck.stress(SubmitQueueLincheckTest.class, Spec.class, QuiescentConsistencyVerifier.class);
  }
}
