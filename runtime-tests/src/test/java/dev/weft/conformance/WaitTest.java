package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitAll;
import static dev.weft.Weft.waitFirst;
import static dev.weft.Weft.waitFirstFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.task.WaitResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's {@code wait} as {@code waitFirst}, {@code waitFirstFailure}, {@code waitAll}: they split, never cancel. */
class WaitTest extends AsyncTestBase {

  @Async
  private Task<Void> firstCompleted() {
    expect(1);
    Promise<String> never = new Promise<>();
    Task<String> fast = spawn(() -> {
      expect(3);
      await(sleep(0));
      expect(4);
      return done("fast");
    });
    expect(2);
    WaitResult<Task<String>> r = await(waitFirst(never, fast));
    expect(5);
    assertEquals(List.of(fast), r.done());
    assertEquals(List.of(never), r.pending());
    assertFalse(never.isDone(), "waits cancel nothing");
    never.cancel();
    finish(6);
    return done();
  }

  @Test
  void waitFirstEndsWithTheFirstDoneTaskAndLeavesTheOthersRunning() {
    run(this::firstCompleted);
  }

  @Async
  private Task<Void> firstFailure() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    Promise<String> never = new Promise<>();
    Promise<String> cancelledEarly = new Promise<>();
    Task<String> ok = spawn(() -> {
      expect(3);
      cancelledEarly.cancel(); // a cancellation is not a failure: the wait goes on
      return done("ok");
    });
    Task<String> failing = spawn(() -> {
      expect(4);
      await(sleep(10));
      expect(5);
      throw boom;
    });
    expect(2);
    WaitResult<Task<String>> r = await(waitFirstFailure(List.of(ok, never, cancelledEarly, failing)));
    expect(6);
    assertEquals(List.of(ok, cancelledEarly, failing), r.done());
    assertEquals(List.of(never), r.pending());
    assertSame(boom, assertThrows(RuntimeException.class, failing::result), "the wait does not rethrow");
    never.cancel();
    finish(7);
    return done();
  }

  @Test
  void waitFirstFailureEndsAtTheFirstFailureNotAtCompletionsOrCancellations() {
    run(this::firstFailure);
  }

  @Async
  private Task<Void> firstFailureWithoutFailure() {
    expect(1);
    Task<Integer> a = spawn(() -> done(1));
    Task<Integer> b = spawn(() -> {
      await(sleep(0));
      return done(2);
    });
    WaitResult<Task<Integer>> r = await(waitFirstFailure(a, b));
    expect(2);
    assertEquals(List.of(a, b), r.done());
    assertEquals(List.of(), r.pending());
    finish(3);
    return done();
  }

  @Test
  void waitFirstFailureWithoutAFailureWaitsForAll() {
    run(this::firstFailureWithoutFailure);
  }

  @Async
  private Task<Void> allCompleted() {
    expect(1);
    RuntimeException boom = new RuntimeException("boom");
    Task<String> slow = spawn(() -> {
      expect(3);
      await(sleep(20));
      expect(6);
      return done("slow");
    });
    Task<String> failing = spawn(() -> {
      expect(4);
      throw boom;
    });
    Task<String> quick = spawn(() -> {
      expect(5);
      return done("quick");
    });
    expect(2);
    WaitResult<Task<String>> r = await(waitAll(slow, failing, quick));
    expect(7);
    assertEquals(List.of(slow, failing, quick), r.done(), "argument order, not completion order");
    assertTrue(r.pending().isEmpty());
    assertSame(boom, assertThrows(RuntimeException.class, failing::result));
    finish(8);
    return done();
  }

  @Test
  void waitAllEndsWhenEveryTaskIsDoneWhateverItsOutcome() {
    run(this::allCompleted);
  }

  @Async
  private Task<Void> timeouts() {
    expect(1);
    Promise<String> never = new Promise<>();
    Task<String> quick = spawn(() -> {
      expect(2);
      return done("quick");
    });
    await(quick); // done before the waits start: only the timeouts end them
    WaitResult<Task<String>> all = await(waitAll(List.of(quick, never), Duration.ofMillis(20)));
    expect(3);
    assertEquals(List.of(quick), all.done());
    assertEquals(List.of(never), all.pending());
    WaitResult<Task<String>> first = await(waitFirst(List.of(never), Duration.ofMillis(10)));
    assertEquals(List.of(), first.done(), "a timeout is not a failure: the wait ends with nothing done");
    assertEquals(List.of(never), first.pending());
    WaitResult<Task<String>> failure = await(waitFirstFailure(List.of(never, quick), Duration.ofMillis(10)));
    assertEquals(List.of(quick), failure.done());
    assertFalse(never.isDone());
    never.cancel();
    finish(4);
    return done();
  }

  @Test
  void aTimeoutEndsTheWaitWithWhateverIsDone() {
    run(this::timeouts);
  }

  @Async
  private Task<Void> cancellingTheWait() {
    expect(1);
    Promise<String> never = new Promise<>();
    Task<Void> waiter = spawn(() -> {
      expect(2);
      await(waitAll(never));
      throw expectUnreached();
    });
    await(sleep(0));
    expect(3);
    waiter.cancel();
    try {
      await(waiter);
      throw expectUnreached();
    } catch (CancelledException e) {
      expect(4);
    }
    assertFalse(never.isDone(), "cancelling a wait cancels only the wait");
    never.complete("still usable");
    finish(5);
    return done();
  }

  @Test
  void cancellingAWaitLeavesItsTasksAlone() {
    run(this::cancellingTheWait);
  }

  @Test
  void alreadyDoneTasksEndTheWaitAtOnce() {
    Task<String> d = done("d");
    Promise<String> p = new Promise<>();

    Task<WaitResult<Task<String>>> w = waitFirst(List.of(p, d));

    assertTrue(w.isDone());
    assertEquals(List.of(d), w.result().done());
  }

  @Test
  void anEmptyWaitIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> waitAll(List.<Task<String>>of()));
  }

  @Test
  void mixedValueTypesShareOneWait() {
    Task<String> s = done("s");
    Task<Integer> i = new Promise<>();

    WaitResult<Task<?>> r = waitFirst(List.<Task<?>>of(s, i)).result();

    assertEquals(List.of(s), r.done());
    i.cancel();
  }
}
