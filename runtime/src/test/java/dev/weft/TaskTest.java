package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@code onDone}, {@code toCompletableFuture} and {@code Task.from}. */
class TaskTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void onDoneRunsOnALaterTurnInRegistrationOrder() {
    run(() -> {
      Promise<Integer> p = new Promise<>();
      Promise<Void> end = new Promise<>();
      p.onDone(t -> expect(3));
      p.onDone(t -> expect(4));
      p.onDone(t -> {
        expect(5);
        end.complete(null);
      });
      expect(1);
      p.complete(1);
      expect(2); // complete() returned before any callback ran
      return end;
    });
    finish(6);
  }

  @Test
  void onDoneOfADoneTaskRunsSoonNotInline() {
    run(() -> {
      Promise<Void> end = new Promise<>();
      Task<Integer> d = done(1);
      expect(1);
      d.onDone(t -> {
        expect(3);
        assertEquals(1, t.result());
        end.complete(null);
      });
      expect(2);
      return end;
    });
    finish(4);
  }

  @Test
  void onDoneRunsOnTheLoopWhenAnotherThreadCompletes() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      Thread[] ranOn = new Thread[1];
      Thread loopThread = Thread.currentThread();
      run(() -> {
        Promise<String> p = new Promise<>();
        Promise<Void> end = new Promise<>();
        p.onDone(t -> {
          ranOn[0] = Thread.currentThread();
          end.complete(null);
        });
        new Thread(() -> p.complete("x")).start();
        return end;
      });
      assertSame(loopThread, ranOn[0]);
    });
  }

  @Test
  void onDoneWithoutLoopRunsOnTheCompletingThreadAfterComplete() {
    Promise<String> p = new Promise<>();
    List<String> log = new ArrayList<>();
    p.onDone(t -> log.add("a"));
    p.onDone(t -> log.add("b"));

    p.complete("v");

    assertEquals(List.of("a", "b"), log);
  }

  @Test
  void aThrowingCallbackGoesToTheUnhandledHandler() {
    RuntimeException boom = new RuntimeException("boom");
    Promise<String> p = new Promise<>();
    p.onDone(t -> {
      throw boom;
    });

    p.complete("v");

    assertEquals(List.of(boom), takeUnhandled());
  }

  @Test
  void toCompletableFutureOfAPendingTaskCompletesLater() {
    Promise<String> p = new Promise<>();
    CompletableFuture<String> cf = p.toCompletableFuture();

    assertFalse(cf.isDone());
    p.complete("v");

    assertEquals("v", cf.getNow(null));
  }

  @Test
  void toCompletableFutureCarriesTheOriginalFailure() {
    Promise<String> p = new Promise<>();
    CompletableFuture<String> cf = p.toCompletableFuture();
    IOException e = new IOException();

    p.fail(e);

    CompletionException thrown = assertThrows(CompletionException.class, cf::join);
    assertSame(e, thrown.getCause());
  }

  @Test
  void cancellingTheFutureCancelsTheTask() {
    Promise<String> p = new Promise<>();
    CompletableFuture<String> cf = p.toCompletableFuture();

    assertTrue(cf.cancel(false));

    assertTrue(p.isCancelled());
  }

  @Test
  void cancellingTheFutureTwiceCancelsTheTaskOnce() {
    AtomicInteger cancels = new AtomicInteger();
    Promise<String> p = new Promise<>() {
      @Override
      public boolean cancel(final String reason) {
        cancels.incrementAndGet();
        return super.cancel(reason);
      }
    };
    CompletableFuture<String> cf = p.toCompletableFuture();

    assertTrue(cf.cancel(false));
    assertTrue(cf.cancel(false)); // CompletableFuture's answer once cancelled; it must do nothing more

    assertEquals(1, cancels.get());
  }

  @Test
  void cancellingTheTaskCancelsTheFuture() {
    Promise<String> p = new Promise<>();
    CompletableFuture<String> cf = p.toCompletableFuture();

    p.cancel();

    assertTrue(cf.isCancelled());
    assertThrows(CancellationException.class, cf::join);
  }

  @Test
  void fromACompletedStage() {
    Task<String> t = Task.from(CompletableFuture.completedFuture("v"));

    assertEquals("v", t.result());
  }

  @Test
  void fromAFailedStageUnwrapsToTheOriginal() {
    IOException e = new IOException();
    CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> {
      throw new CompletionException(e);
    });

    Task<String> t = Task.from(cf);

    assertSame(e, assertThrows(IOException.class, t::join));
  }

  @Test
  void fromAStageCompletedByAnotherThread() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      CompletableFuture<String> cf = new CompletableFuture<>();
      Task<String> t = Task.from(cf);
      assertFalse(t.isDone());

      new Thread(() -> cf.complete("there")).start();

      assertEquals("there", t.join());
    });
  }

  @Test
  void cancellingAFromTaskCancelsTheFuture() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Task<String> t = Task.from(cf);

    assertTrue(t.cancel());

    assertTrue(t.isCancelled());
    assertTrue(cf.isCancelled());
  }

  @Test
  void aCancelledForeignFutureIsAFailureWithTheJdkException() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Task<String> t = Task.from(cf);

    cf.cancel(false);

    assertFalse(t.isCancelled());
    assertInstanceOf(CancellationException.class, assertThrows(CancellationException.class, t::result));
  }

  @Test
  void runWithACompletableFutureMain() {
    String v = run(() -> Task.from(CompletableFuture.supplyAsync(() -> "async")));

    assertEquals("async", v);
    assertEquals(null, EventLoop.current());
  }
}
