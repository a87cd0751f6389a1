package dev.weft.loop;

import dev.weft.lincheck.Lincheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.Test;

/**
 * The loop's cross-thread submission queue, as {@link EventLoop#callSoonThreadsafe} and its handles offer it, is
 * linearizable: callbacks submitted from several threads run in one order consistent with their submission (each
 * thread's in its own order), each runs at most once, and a {@link CallbackHandle#cancel()} racing the loop either
 * stops the callback (true) or finds it run or cancelled (false), never both. One thread at a time runs loop turns
 * ({@link LoopUnderTest#turn}); each returns what it ran.
 *
 * <p>Not covered here: the wake-up handshake with a loop asleep in {@code select} (Lincheck cannot interleave a thread
 * blocked in a native call); the jcstress tests {@code *Wakeup} cover it.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class SubmitQueueLincheckTest {

  private final EventLoop loop = LoopUnderTest.create();
  /** The latest handle of each value's callback; index 0 unused. */
  private final AtomicReferenceArray<CallbackHandle> handles = new AtomicReferenceArray<>(4);
  /** What the loop ran during the current turn (loop turns only, one thread at a time). */
  private final List<Integer> ran = new ArrayList<>();

  /**
   * {@code callSoonThreadsafe}, with its handle published before the callback is queued: built from the same two
   * parts ({@link SoonCallback}, then {@link EventLoop#execute}, the queue path {@code callSoonThreadsafe} takes), so
   * that a {@code cancel} never misses a handle whose callback already ran (a gap in the test, not in the loop).
   */
  @Operation
  public void submit(@Param(name = "value") final int value) {
    SoonCallback c = new SoonCallback(() -> ran.add(value));
    handles.set(value, c);
    loop.execute(c);
  }

  /** @return -1 with no handle yet, 1 when this call stopped the callback, 0 when it had run or was cancelled */
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
      handles[value] = e;
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
    Lincheck.modelCheck(SubmitQueueLincheckTest.class, Spec.class);
  }

  @Test
  void stress() {
    Lincheck.stress(SubmitQueueLincheckTest.class, Spec.class);
  }
}
