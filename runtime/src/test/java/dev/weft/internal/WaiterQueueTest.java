package dev.weft.internal;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.EventLoop;
import org.junit.jupiter.api.Test;

/** The intrusive FIFO of hand-off waiters behind dev.weft.sync. */
class WaiterQueueTest {

  @Test
  void pollsInArrivalOrderAndSkipsCancelledWaiters() {
    run(() -> {
      EventLoop loop = EventLoop.current();
      WaiterQueue<Handoff<String>> q = new WaiterQueue<>();
      Handoff<String> a = new Handoff<>(loop);
      Handoff<String> b = new Handoff<>(loop);
      Handoff<String> c = new Handoff<>(loop);
      q.addLast(a);
      q.addLast(b);
      q.addLast(c);
      assertEquals(3, q.size());
      assertTrue(a.cancel()); // on the loop thread: unlinks itself at once
      assertEquals(2, q.size());
      assertFalse(a.isQueued());
      assertSame(b, q.poll());
      assertTrue(q.remove(c));
      assertFalse(q.remove(c));
      assertNull(q.poll());
      assertFalse(q.hasPending());
      return done();
    });
  }

  @Test
  void doneWaitersLeftInTheQueueAreSkipped() {
    run(() -> {
      EventLoop loop = EventLoop.current();
      WaiterQueue<Handoff<String>> q = new WaiterQueue<>();
      Handoff<String> a = new Handoff<>(loop);
      Handoff<String> b = new Handoff<>(loop);
      q.addLast(a);
      q.addLast(b);
      a.reject(new IllegalStateException("done elsewhere")); // done, still linked
      assertThrows(IllegalStateException.class, a::result);
      assertTrue(q.hasPending());
      assertSame(b, q.poll(), "the done head is dropped, not returned");
      assertEquals(0, q.size());
      return done();
    });
  }

  @Test
  void aWaiterSitsInOneQueueAtATime() {
    run(() -> {
      Handoff<Void> w = new Handoff<>(EventLoop.current());
      WaiterQueue<Handoff<Void>> q = new WaiterQueue<>();
      q.addLast(w);
      assertThrows(IllegalStateException.class, () -> q.addLast(w));
      assertTrue(w.grant(null));
      assertFalse(w.grant(null), "granted once");
      return done();
    });
  }
}
