package dev.weft.internal;

import dev.weft.CancelledException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * {@code Task.from(stage)}: a task following a {@code CompletionStage}. It completes on the stage's completing
 * thread (inline, as a {@code whenComplete} action: only a CAS and queueing happen there); coroutines awaiting it
 * still resume on their own loops. A stage's failure arrives unwrapped (its original exception); a JDK
 * {@code CancellationException} from the stage is a failure, kept as is. Cancelling the task cancels it at once
 * and, if the stage is a {@code Future}, cancels the stage.
 *
 * <p>Threads: any.
 *
 * @param <T> the value type
 */
public final class StageTask<T> extends TaskCore<T> {

  private final CompletionStage<T> stage;

  /**
   * Follows a stage.
   *
   * @param stage the stage; not null
   */
  public StageTask(final CompletionStage<T> stage) {
    super();
    this.stage = Objects.requireNonNull(stage, "stage");
    stage.whenComplete(this::stageDone);
  }

  private void stageDone(final T value, final Throwable error) {
    if (error == null) {
      succeed(value);
    } else {
      failWith(AwaitSupport.unwrap(error));
    }
  }

  @Override
  public boolean cancel(final String reason) {
    if (!cancelWith(new CancelledException(reason))) {
      return false;
    }
    if (stage instanceof Future<?> f) {
      f.cancel(false);
    }
    return true;
  }
}
