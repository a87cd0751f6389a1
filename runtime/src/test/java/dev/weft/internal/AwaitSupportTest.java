package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TestBase;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The helpers generated code calls, on their no-coroutine paths. */
class AwaitSupportTest extends TestBase {

  @Test
  void valueOfAFailedFutureThrowsTheOriginalCheckedException() {
    IOException e = new IOException();
    CompletableFuture<String> cf = CompletableFuture.failedFuture(e);

    assertTrue(AwaitSupport.isDone(cf));
    assertSame(e, assertThrows(IOException.class, () -> AwaitSupport.valueOf(cf)));
  }

  @Test
  void valueOfUnwrapsACompletionException() {
    IOException e = new IOException();
    CompletableFuture<String> cf = CompletableFuture.failedFuture(new CompletionException(e));

    assertSame(e, assertThrows(IOException.class, () -> AwaitSupport.valueOf(cf)));
  }

  @Test
  void valueOfACancelledFutureThrowsTheJdkException() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    cf.cancel(false);

    assertThrows(CancellationException.class, () -> AwaitSupport.valueOf(cf));
  }

  @Test
  void aMinimalStageIsSupported() {
    CompletionStage<String> pending = new CompletableFuture<String>().minimalCompletionStage();
    CompletionStage<String> doneStage = CompletableFuture.completedStage("v");

    assertFalse(AwaitSupport.isDone(pending));
    assertTrue(AwaitSupport.isDone(doneStage));
    assertSame("v", AwaitSupport.valueOf(doneStage));
  }

  @Test
  void failTaskWithoutCoroutine() {
    IllegalStateException e = new IllegalStateException();

    Task<?> failed = AwaitSupport.failTask(e, null);
    Task<?> cancelled = AwaitSupport.failTask(new CancelledException(), null);

    assertSame(e, assertThrows(IllegalStateException.class, failed::result));
    assertTrue(cancelled.isCancelled());
  }

  @Test
  void failFutureAndFailStageWithoutCoroutine() {
    IllegalStateException e = new IllegalStateException();

    CompletableFuture<?> failed = AwaitSupport.failFuture(e, null);
    CompletableFuture<?> cancelled = AwaitSupport.failFuture(new CancelledException(), null);
    CompletionStage<?> stage = AwaitSupport.failStage(e, null);

    assertSame(e, assertThrows(CompletionException.class, failed::join).getCause());
    assertTrue(cancelled.isCancelled());
    assertSame(e, assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join()).getCause());
  }

  @Test
  void returningNullFailsWithNullPointerException() {
    assertThrows(NullPointerException.class, AwaitSupport.returnTask(null, null)::result);
    assertThrows(CompletionException.class, AwaitSupport.returnFuture(null, null)::join);
    assertThrows(CompletionException.class, () -> AwaitSupport.returnStage(null, null).toCompletableFuture().join());
  }

  @Test
  void returningAValueWithoutCoroutineReturnsItAsIs() {
    CompletableFuture<String> cf = new CompletableFuture<>();

    assertSame(cf, AwaitSupport.returnFuture(cf, null));
    assertSame(cf, AwaitSupport.returnStage(cf, null));
  }

  @Test
  void createRejectsAnUnknownKind() {
    assertThrows(IllegalArgumentException.class, () -> Coroutine.create(c -> { }, null, 3, 0, 0));
  }

  @Test
  void cancelledExceptionIsCheapByDefault() {
    assertSame(0, new CancelledException().getStackTrace().length);
  }
}
