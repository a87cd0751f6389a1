package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The state table of DESIGN.md, row by row, on {@link Promise}. */
class PromiseTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void pendingPromise() {
    Promise<String> p = new Promise<>();

    assertFalse(p.isDone());
    assertFalse(p.isCancelled());
    assertThrows(IllegalStateException.class, p::result);
    CompletableFuture<String> cf = p.toCompletableFuture();
    assertFalse(cf.isDone());
  }

  @Test
  void succeededPromise() {
    Promise<String> p = new Promise<>();

    assertTrue(p.complete("v"));

    assertTrue(p.isDone());
    assertFalse(p.isCancelled());
    assertEquals("v", p.result());
    assertEquals("v", p.join());
    assertFalse(p.complete("w"));
    assertFalse(p.fail(new RuntimeException()));
    assertFalse(p.cancel());
    assertEquals("v", p.toCompletableFuture().getNow(null));
  }

  @Test
  void nullValueIsAValue() {
    Promise<String> p = new Promise<>();

    assertTrue(p.complete(null));

    assertTrue(p.isDone());
    assertNull(p.result());
  }

  @Test
  void failedPromiseRethrowsTheOriginalCheckedException() {
    Promise<String> p = new Promise<>();
    IOException e = new IOException("disk");

    assertTrue(p.fail(e));

    assertTrue(p.isDone());
    assertFalse(p.isCancelled());
    assertSame(e, assertThrows(IOException.class, p::result));
    assertSame(e, assertThrows(IOException.class, p::join));
    assertFalse(p.cancel());
    CompletionException wrapped = assertThrows(CompletionException.class, () -> p.toCompletableFuture().join());
    assertSame(e, wrapped.getCause());
  }

  @Test
  void cancelledPromise() {
    Promise<String> p = new Promise<>();

    assertTrue(p.cancel());

    assertTrue(p.isDone());
    assertTrue(p.isCancelled());
    assertThrows(CancelledException.class, p::result);
    assertThrows(CancelledException.class, p::join);
    assertFalse(p.cancel());
    assertFalse(p.complete("late"));
    assertTrue(p.toCompletableFuture().isCancelled());
  }

  @Test
  void failingWithCancelledExceptionCancels() {
    Promise<String> p = new Promise<>();
    CancelledException e = new CancelledException("stop");

    p.fail(e);

    assertTrue(p.isCancelled());
    assertSame(e, assertThrows(CancelledException.class, p::result));
  }

  @Test
  void failWithNullIsRejected() {
    assertThrows(NullPointerException.class, () -> new Promise<String>().fail(null));
  }

  @Test
  void exactlyOneOfManyConcurrentCompletersWins() throws Exception {
    int threads = 8;
    for (int round = 0; round < 50; round++) {
      Promise<Integer> p = new Promise<>();
      CyclicBarrier start = new CyclicBarrier(threads);
      AtomicInteger winners = new AtomicInteger();
      List<Thread> all = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int id = i;
        Thread t = new Thread(() -> {
          try {
            start.await();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          boolean won = id % 3 == 0 ? p.cancel() : id % 3 == 1 ? p.complete(id) : p.fail(new RuntimeException());
          if (won) {
            winners.incrementAndGet();
          }
        });
        all.add(t);
        t.start();
      }
      for (Thread t : all) {
        t.join();
      }

      assertEquals(1, winners.get());
      assertTrue(p.isDone());
      if (!p.isCancelled()) {
        assertDoesNotThrowOrFailsWithTheOriginal(p); // retrieved: an unretrieved failure would be reported
      }
    }
  }

  private static void assertDoesNotThrowOrFailsWithTheOriginal(final Promise<Integer> p) {
    try {
      p.result();
    } catch (RuntimeException e) {
      assertEquals(RuntimeException.class, e.getClass());
    }
  }

  @Test
  void joinWaitsForAnotherThread() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      Promise<String> p = new Promise<>();
      CountDownLatch joining = new CountDownLatch(1);
      Thread completer = new Thread(() -> {
        try {
          joining.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        p.complete("late");
      });
      completer.start();

      joining.countDown();
      String v = p.join();

      assertEquals("late", v);
      completer.join();
    });
  }

  @Test
  void interruptedJoinRestoresTheFlag() {
    Promise<String> p = new Promise<>();
    Thread.currentThread().interrupt();

    CompletionException e = assertThrows(CompletionException.class, p::join);

    assertInstanceOf(InterruptedException.class, e.getCause());
    assertTrue(Thread.interrupted(), "interrupt flag restored");
  }

  @Test
  void joinOnALoopThreadIsRejected() {
    Promise<String> p = new Promise<>();

    IllegalStateException e = run(() -> done(assertThrows(IllegalStateException.class, p::join)));

    assertTrue(e.getMessage().contains("await"), e.getMessage());
  }

  @Test
  void foreignSubclassesOfTaskAreRejected() {
    assertThrows(UnsupportedOperationException.class, Rogue::new);
  }

  /** A class outside the runtime trying to be a task. */
  private static final class Rogue extends Task<String> {
    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public String result() {
      return null;
    }

    @Override
    public String join() {
      return null;
    }

    @Override
    public boolean cancel(final String reason) {
      return false;
    }

    @Override
    public void onDone(final java.util.function.Consumer<? super Task<String>> action) {
    }

    @Override
    public CompletableFuture<String> toCompletableFuture() {
      return null;
    }

    @Override
    public String name() {
      return "rogue";
    }

    @Override
    public void setName(final String name) {
    }
  }
}
