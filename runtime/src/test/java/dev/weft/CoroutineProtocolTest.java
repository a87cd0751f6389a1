package dev.weft;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.Coroutine;
import dev.weft.internal.MethodSite;
import dev.weft.loop.EventLoop;
import java.io.IOException;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The contract with generated code, driven by the hand-compiled methods of {@link HandCompiled}: creation at the
 * first real suspension, resumption through queues, values and original exceptions, cancellation, adoption.
 */
class CoroutineProtocolTest extends TestBase {

  private static final Duration LIVENESS = Duration.ofSeconds(10);

  @Test
  void anAwaitOfADoneValueNeitherSuspendsNorCreatesACoroutine() {
    WeftStats.reset();
    Task<Integer> other = new Promise<>();

    Task<Integer> r = HandCompiled.relay(done(1), other);

    assertSame(other, r, "returnTask(r, null) returns r itself");
    assertEquals(0, WeftStats.suspensions());
    assertEquals(2, HandCompiled.addOne(done(1)).result());
    assertFalse((Object) HandCompiled.addOne(done(1)) instanceof Coroutine);
  }

  @Test
  void withoutALoopTheCoroutineResumesOnTheCompletingThread() {
    Promise<Integer> p = new Promise<>();

    Task<Integer> t = HandCompiled.addOne(p);

    assertInstanceOf(Coroutine.class, t);
    assertFalse(t.isDone());
    assertEquals(1, ((Coroutine) (Object) t).state());
    p.complete(41);
    assertEquals(42, t.result());
  }

  @Test
  void aForeignThreadsCompletionResumesOnTheLoopThread() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      Thread loopThread = Thread.currentThread();

      Thread resumedOn = run(() -> {
        Promise<String> p = new Promise<>();
        Task<Thread> t = HandCompiled.then(p, Thread::currentThread);
        new Thread(() -> p.complete("x"), "completer").start();
        return t;
      });

      assertSame(loopThread, resumedOn);
    });
  }

  @Test
  void aStageCompletedByAnotherThreadResumesOnTheLoopThread() {
    assertTimeoutPreemptively(LIVENESS, () -> {
      Thread loopThread = Thread.currentThread();

      Thread resumedOn = run(() -> {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Task<Thread> t = HandCompiled.thenStage(cf, Thread::currentThread);
        new Thread(() -> cf.complete("x"), "completer").start();
        return t;
      });

      assertSame(loopThread, resumedOn);
    });
  }

  @Test
  void aCheckedFailureArrivesAsTheOriginalObject() {
    IOException e = new IOException();

    Throwable thrown = assertThrows(Throwable.class, () -> run(() -> {
      Promise<String> p = new Promise<>();
      Task<String> t = HandCompiled.echo(p);
      EventLoop.current().execute(() -> p.fail(e));
      return t;
    }));

    assertSame(e, thrown);
  }

  @Test
  void aStageFailureIsUnwrappedToTheOriginal() {
    IOException e = new IOException();
    CompletableFuture<String> cf = new CompletableFuture<>();
    Task<String> t = HandCompiled.echoStage(cf);

    cf.completeExceptionally(new CompletionException(e));

    assertSame(e, assertThrows(IOException.class, t::result));
  }

  @Test
  void aForeignCancellationExceptionIsRethrownAsIs() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Task<String> t = HandCompiled.echoStage(cf);

    cf.cancel(false);

    assertThrows(CancellationException.class, t::result);
    assertFalse(t.isCancelled(), "a foreign cancellation is a failure of the awaiter, not a Weft cancellation");
  }

  @Test
  void cancellationIsDeliveredAtTheSuspensionPointAndFinallyRuns() {
    List<String> log = new ArrayList<>();
    Promise<String> never = new Promise<>();

    assertThrows(CancelledException.class, () -> run(() -> {
      Task<String> g = HandCompiled.guarded(never, log, false);
      EventLoop.current().execute(() -> {
        log.add("cancel");
        assertTrue(g.cancel());
        log.add("requested"); // cancel() only requests: the body has not run yet
      });
      return g;
    }));

    assertEquals(List.of("cancel", "requested", "cancelled", "finally"), log);
    assertTrue(never.isCancelled(), "the task it was suspended on is cancelled too");
  }

  @Test
  void aBodyThatCatchesTheCancellationCompletesNormally() {
    List<String> log = new ArrayList<>();

    String v = run(() -> {
      Task<String> g = HandCompiled.guarded(new Promise<>(), log, true);
      EventLoop.current().execute(g::cancel);
      return g;
    });

    assertEquals("swallowed", v);
    assertEquals(List.of("cancelled", "finally"), log);
  }

  @Test
  void eachCancelDeliversExactlyOneException() {
    List<String> log = new ArrayList<>();
    Promise<String> b = new Promise<>();

    String v = run(() -> {
      Task<String> t = HandCompiled.stubborn(new Promise<>(), b, log);
      EventLoop.current().execute(() -> {
        assertTrue(t.cancel());
        assertTrue(t.cancel()); // same turn: both requests are pending when the body resumes
      });
      return t;
    });

    assertEquals(List.of("first", "second"), log);
    assertEquals("end", v);
    assertFalse(b.isDone(), "a pending cancellation wakes the next suspension without cancelling its task");
  }

  @Test
  void oneCancelThenTheNextAwaitWaitsNormally() {
    List<String> log = new ArrayList<>();
    Promise<String> b = new Promise<>();
    Task<String> t = HandCompiled.stubborn(new Promise<>(), b, log);

    t.cancel();
    assertFalse(t.isDone());
    b.complete("b");

    assertEquals(List.of("first"), log);
    assertEquals("end", t.result());
  }

  @Test
  void aCancelRequestedWhileRunningIsDeliveredAtTheNextSuspension() {
    Promise<String> p1 = new Promise<>();
    Promise<String> p2 = new Promise<>();
    @SuppressWarnings("unchecked")
    Task<Integer>[] self = new Task[1];
    int[] calls = {0};
    self[0] = HandCompiled.repeat(2, () -> {
      if (calls[0]++ == 0) {
        return p1;
      }
      self[0].cancel(); // the body is running: only a request
      return p2;
    });

    p1.complete("go");

    assertTrue(self[0].isCancelled());
    assertFalse(p2.isDone());
  }

  @Test
  void cancellingAFinishedCoroutineReturnsFalse() {
    Promise<Integer> p = new Promise<>();
    Task<Integer> t = HandCompiled.addOne(p);
    p.complete(1);

    assertFalse(t.cancel());
    assertEquals(2, t.result());
  }

  @Test
  void primitivesSurviveTheSuspension() {
    Promise<Void> gate = new Promise<>();
    Task<String> t = HandCompiled.prims(gate, -7, Long.MIN_VALUE, 1.5f, Double.NaN);

    gate.complete(null);

    assertEquals("-7/" + Long.MIN_VALUE + "/1.5/NaN", t.result());
  }

  @Test
  void restoreRefClearsTheSlot() {
    Coroutine c = Coroutine.create(x -> { }, null, Coroutine.TASK, 1, 0);

    Coroutine.saveRef("kept", c, 0);

    assertEquals("kept", Coroutine.restoreRef(c, 0));
    assertNull(Coroutine.restoreRef(c, 0));
  }

  @Test
  void theEntryPointOfOlderRewrittenClassesStillMakesAWorkingCoroutine() {
    // Classes rewritten before MethodSite existed call the six-argument create: they must keep running.
    Coroutine c = Coroutine.create(x -> { }, null, Coroutine.TASK, 1, 0, "demo.Old|greet|Old.java|12");
    Promise<Void> gate = new Promise<>();

    Object face = c.suspend(1, gate);

    assertSame(c, face);
    assertEquals("Old.greet", c.name());
    assertEquals(new StackTraceElement("demo.Old", "greet", "Old.java", 12), c.site());
  }

  @Test
  void aMethodSiteMadeByItsBootstrapIsOneConstantPerCallSite() throws Throwable {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodHandle bridge = lookup.findStatic(CoroutineProtocolTest.class, "noResume",
        MethodType.methodType(void.class, Coroutine.class));
    CallSite site = MethodSite.bootstrap(lookup, "site",
        MethodType.methodType(MethodSite.class), bridge, "demo.A|m|A.java|3",
        Coroutine.COMPLETABLE_FUTURE, 2, 1);

    Object first = site.dynamicInvoker().invoke();
    Coroutine c = Coroutine.create((MethodSite) first, null);

    assertSame(first, site.dynamicInvoker().invoke());
    assertEquals("A.m", c.name());
    assertInstanceOf(CompletableFuture.class, c.suspend(1, new Promise<>()));
  }

  private static void noResume(final Coroutine c) {
  }

  @Test
  void anInstanceMethodGetsItsReceiverBack() {
    HandCompiled.Counter counter = new HandCompiled.Counter();
    counter.total = 10;
    Promise<Integer> p = new Promise<>();

    Task<Integer> t = counter.add(p);
    assertSame(counter, ((Coroutine) (Object) t).self());
    p.complete(5);

    assertEquals(15, t.result());
    assertEquals(15, counter.total);
  }

  @Test
  void aCompletableFutureMethodReturnsOneCachedFace() {
    CompletableFuture<String> source = new CompletableFuture<>();

    CompletableFuture<String> face = HandCompiled.bang(source);

    assertFalse(face.isDone());
    source.complete("hi");
    assertEquals("hi!", face.getNow(null));
  }

  @Test
  void aCompletableFutureMethodThatNeverSuspendsReturnsItsOwnFuture() {
    CompletableFuture<String> face = HandCompiled.bang(CompletableFuture.completedFuture("now"));

    assertEquals("now!", face.getNow(null));
  }

  @Test
  void cancellingTheFutureFaceCancelsTheCoroutine() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> face = HandCompiled.bang(source);

    face.cancel(false);

    assertTrue(face.isCancelled());
    assertFalse(source.isDone(), "a foreign stage is not cancelled by its awaiter");
  }

  @Test
  void aReturnedPendingTaskIsAdopted() {
    Promise<Void> gate = new Promise<>();
    Promise<String> other = new Promise<>();
    Task<String> t = HandCompiled.relay(gate, other);

    gate.complete(null);
    assertFalse(t.isDone());
    assertNotSame(other, t);
    other.complete("adopted");

    assertEquals("adopted", t.result());
  }

  @Test
  void aReturnedNullFailsWithNullPointerException() {
    Promise<Void> gate = new Promise<>();
    Task<String> t = HandCompiled.relay(gate, null);

    gate.complete(null);

    assertThrows(NullPointerException.class, t::result);
    assertThrows(NullPointerException.class, HandCompiled.relay(done(1), null)::result);
  }

  @Test
  void cancellingAnAdoptingCoroutineCancelsTheAdoptedTask() {
    Promise<Void> gate = new Promise<>();
    Promise<String> other = new Promise<>();
    Task<String> t = HandCompiled.relay(gate, other);
    gate.complete(null);

    t.cancel();

    assertTrue(other.isCancelled());
    assertTrue(t.isCancelled());
  }

  @Test
  void aTrampolinedChainOfAHundredThousandResumptionsDoesNotGrowTheStack() {
    int n = 100_000;
    Promise<Integer> first = new Promise<>();
    Task<Integer> last = first;
    for (int i = 0; i < n; i++) {
      last = HandCompiled.addOne(last);
    }

    first.complete(0);

    assertEquals(n, last.result());
  }

  @Test
  void aChainOfAHundredThousandAdoptionsDoesNotGrowTheStack() {
    int n = 100_000;
    Promise<Void> gate = new Promise<>();
    Promise<String> first = new Promise<>();
    Task<String> last = first;
    for (int i = 0; i < n; i++) {
      last = HandCompiled.relay(gate, last);
    }
    gate.complete(null);

    first.complete("deep");

    assertEquals("deep", last.result());
  }

  @Test
  void aLoopChainOfAHundredThousandResumptions() {
    int n = 100_000;

    int v = assertTimeoutPreemptively(LIVENESS, () -> run(() -> {
      Promise<Integer> first = new Promise<>();
      Task<Integer> last = first;
      for (int i = 0; i < n; i++) {
        last = HandCompiled.addOne(last);
      }
      first.complete(0);
      return last;
    }));

    assertEquals(n, v);
  }

  @Test
  void aLongLoopOfRealSuspensionsOnTheLoop() {
    int v = assertTimeoutPreemptively(LIVENESS, () -> run(() -> HandCompiled.repeat(10_000, () -> Weft.sleep(0))));

    assertEquals(10_000, v);
  }
}
