package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The running loop holds its live tasks strongly: a spawned task or a suspended coroutine that nobody references,
 * parked on a promise nobody else references, survives collections and is still there to be cancelled (its
 * {@code finally} runs) when the loop shuts down.
 */
class LiveTasksGcTest extends AsyncTestBase {

  private final AtomicInteger finallies = new AtomicInteger();

  @Async
  private Task<Void> parked() {
    try {
      await(new Promise<Void>()); // referenced only by this coroutine, and it back
    } finally {
      finallies.incrementAndGet();
    }
    return done();
  }

  @Async
  private Task<Void> dropsTheirReferences() {
    WeakReference<Task<Void>> coroutine = new WeakReference<>(parked());
    WeakReference<Task<Void>> spawned = new WeakReference<>(spawn(this::parked));
    for (int i = 0; i < 5; i++) {
      System.gc();
      await(sleep(1));
    }
    assertNotNull(coroutine.get(), "a suspended coroutine is not collected mid-flight");
    assertNotNull(spawned.get(), "a spawned task is not collected mid-flight");
    assertEquals(0, finallies.get());
    return done();
  }

  @Test
  void unreferencedTasksLiveUntilTheLoopCancelsThem() {
    run(this::dropsTheirReferences);
    assertEquals(2, finallies.get(), "both were still there for the shutdown to cancel");
  }
}
