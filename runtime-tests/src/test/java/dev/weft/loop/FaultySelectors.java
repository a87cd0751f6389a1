package dev.weft.loop;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopSelector} whose selectors misbehave on demand, since a real faulty selector cannot be had at will:
 * {@link #breakNext} marks the selector of the loop's next select, which from then on (until a rebuild replaces it)
 * <ul>
 *   <li>{@link Fault#SPIN}: returns 0 from every blocking select at once, touching nothing (the JDK epoll bug);</li>
 *   <li>{@link Fault#THROW}: throws {@code IOException} from every select;</li>
 *   <li>{@link Fault#CLOSE}: is really closed, so the JDK itself throws {@code ClosedSelectorException}.</li>
 * </ul>
 * With {@link #failEverything} every selector throws, and no new one can be opened (a dead selector that a rebuild
 * cannot cure). Registration always goes to real JDK selectors, so channels register as usual.
 */
final class FaultySelectors extends LoopSelector {

  /** What a broken selector does. */
  enum Fault { SPIN, THROW, CLOSE }

  private volatile Fault pending;
  private volatile Fault fault;
  private volatile Selector broken;
  private volatile boolean everything;
  /** Selects that reached a broken selector (or any selector, under {@link #failEverything}). */
  final AtomicLong faultySelects = new AtomicLong();
  /** Every select. */
  final AtomicLong selects = new AtomicLong();

  FaultySelectors() throws IOException {
    super(Selector.open());
  }

  /** The selector of the loop's next select goes bad in this way. Any thread; wake the loop afterwards. */
  void breakNext(final Fault f) {
    pending = f;
  }

  /** Every select throws and no selector opens (true), or everything works again (false). Any thread. */
  void failEverything(final boolean on) {
    everything = on;
  }

  /** @return the selector marked broken, or null */
  Selector broken() {
    return broken;
  }

  @Override
  Selector openSelector() throws IOException {
    if (everything) {
      throw new IOException("Too many open files (injected)");
    }
    return super.openSelector();
  }

  @Override
  int selectOn(final Selector s, final long timeoutMillis) throws IOException {
    selects.incrementAndGet();
    Fault f = pending;
    if (f != null) {
      pending = null;
      fault = f;
      broken = s;
      if (f == Fault.CLOSE) {
        s.close();
      }
    }
    if (everything) {
      faultySelects.incrementAndGet();
      throw new IOException("epoll_wait failed (injected)");
    }
    if (s == broken) {
      if (fault == Fault.SPIN && timeoutMillis >= 0) {
        faultySelects.incrementAndGet();
        return 0; // a blocking select returns at once with nothing selected
      }
      if (fault == Fault.THROW) {
        faultySelects.incrementAndGet();
        throw new IOException("epoll_wait failed (injected)");
      }
      // CLOSE: the real selector throws ClosedSelectorException by itself; SPIN's selectNow works
    }
    return super.selectOn(s, timeoutMillis);
  }
}
