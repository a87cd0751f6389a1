package dev.weft.jcstress;

import dev.weft.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A promise that counts the cancellations it is sent (every {@code cancel} call, won or not): what a task that
 * forwards one {@code cancel()} to the task it follows must send exactly once. ({@code Promise} is the one task
 * class user code may extend.)
 *
 * <p>Threads: any.
 */
final class CountingPromise extends Promise<Integer> {

  private final AtomicInteger cancels = new AtomicInteger();

  @Override
  public boolean cancel(final String reason) {
    cancels.incrementAndGet();
    return super.cancel(reason);
  }

  /** @return how many times {@code cancel} was called */
  int cancels() {
    return cancels.get();
  }
}
