package dev.weft.jcstress;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;

/**
 * The state codes the tests report (jcstress outcomes are numbers): {@value #PENDING} pending, {@value #SUCCEEDED}
 * succeeded, {@value #CANCELLED} cancelled, {@value #FAILED} failed.
 */
final class States {

  static final int PENDING = 0;
  static final int SUCCEEDED = 1;
  static final int CANCELLED = 2;
  static final int FAILED = 3;

  private States() {
  }

  /** @param t a task @return its state code */
  static int of(final Task<?> t) {
    if (!t.isDone()) {
      return PENDING;
    }
    if (t.isCancelled()) {
      return CANCELLED;
    }
    try {
      t.result();
      return SUCCEEDED;
    } catch (Throwable e) {
      return FAILED;
    }
  }

  /** @param f a future @return its state code */
  static int of(final CompletableFuture<?> f) {
    if (!f.isDone()) {
      return PENDING;
    }
    if (f.isCancelled()) {
      return CANCELLED;
    }
    return f.isCompletedExceptionally() ? FAILED : SUCCEEDED;
  }
}
