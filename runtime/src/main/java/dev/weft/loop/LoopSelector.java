package dev.weft.loop;

import dev.weft.internal.Unhandled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop's {@link Selector}, replaceable, so that the loop survives a faulty one (Netty's selector rebuild):
 * <ul>
 *   <li><b>Premature returns.</b> A blocking select that returns before its timeout with nothing selected, no
 *       wake-up asked and the thread not interrupted is premature; after {@value #REBUILD_AFTER} in a row (the JDK's
 *       epoll spin bug makes every select do that) the selector is rebuilt: a new one is opened, every valid key is
 *       registered with it with the same interest set and attachment (its {@link IoHandler} is told the new key
 *       through {@link IoHandler#rekeyed}), and the old one is closed. One WARNING line per rebuild.</li>
 *   <li><b>Failures.</b> A select that throws ({@code IOException}, or {@code ClosedSelectorException}: nothing in
 *       Weft closes the selector early) is logged once and the selector rebuilt at once. If selecting fails again
 *       (the new one is broken too, or none could be opened: out of descriptors), the loop backs off, 10 ms doubling
 *       to 1 s, before it tries again, so a dead selector cannot spin the loop; a wake-up still ends a back-off at
 *       once. At most three lines per run of failures: the first, the start of the back-off, the recovery.</li>
 * </ul>
 * A selector closed under the loop has already dropped its registrations: those channels are lost to the loop (the
 * rebuild moves none) and the loop goes on with the rest.
 *
 * <p>Tests substitute faults by overriding {@link #openSelector} and {@link #selectOn}.
 *
 * <p>Threads: {@link #wakeup()} from any thread; everything else on the loop thread.
 */
class LoopSelector {

  /** Premature returns in a row after which the selector is rebuilt (Netty's default threshold). */
  static final int REBUILD_AFTER = 512;
  /** The first back-off after a repeated select failure. */
  static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** The longest back-off. */
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /** The selector in use; volatile for {@link #wakeup()} from other threads. */
  private volatile Selector selector;
  /** Premature returns in a row. */
  private int premature;
  /** Failed selects in a row. */
  private int failures;
  /** {@link System#nanoTime()} before which a failing selector is not tried again; meaningful while failing. */
  private long retryAt;
  /** The current run of failures has announced its back-off. */
  private boolean backoffLogged;
  /** The loop thread while it is parked in a back-off, so that a wake-up can unpark it. */
  private volatile Thread parked;
  /** Rebuilds so far; read by tests. */
  volatile int rebuilds;

  LoopSelector(final Selector first) {
    this.selector = first;
  }

  /** @return a loop selector on a new JDK selector */
  static LoopSelector open() {
    try {
      return new LoopSelector(Selector.open());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the event loop", e);
    }
  }

  // ---- the seams tests override -------------------------------------------------------------------------

  /** Opens the selector a rebuild moves to. */
  Selector openSelector() throws IOException {
    return Selector.open();
  }

  /**
   * One select on {@code s}.
   *
   * @param timeoutMillis negative: {@code selectNow()}; 0: no time limit; positive: at most that long
   * @return the number of keys selected
   */
  int selectOn(final Selector s, final long timeoutMillis) throws IOException {
    if (timeoutMillis < 0) {
      return s.selectNow();
    }
    return timeoutMillis == 0 ? s.select() : s.select(timeoutMillis);
  }

  // ---- what the loop uses ---------------------------------------------------------------------------------

  Set<SelectionKey> keys() {
    return selector.keys();
  }

  Set<SelectionKey> selectedKeys() {
    return selector.selectedKeys();
  }

  SelectionKey register(final SelectableChannel channel, final int ops, final Object attachment)
      throws ClosedChannelException {
    return channel.register(selector, ops, attachment);
  }

  /** Wakes a blocking select, or a back-off. Any thread. */
  void wakeup() {
    selector.wakeup();
    Thread t = parked;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  void close() throws IOException {
    selector.close();
  }

  /** A select that does not block; nothing while backing off. */
  int selectNow() throws IOException {
    if (backingOff()) {
      return 0;
    }
    int n = selectOn(selector, -1);
    worked();
    return n;
  }

  /**
   * A blocking select (or, while backing off, a park no longer than the back-off); counts premature returns and
   * rebuilds the selector after {@value #REBUILD_AFTER} in a row.
   *
   * @param timeoutMillis 0: no limit; positive: at most that long
   * @param wakeup tells whether a wake-up was asked while blocking
   * @return the number of keys selected
   */
  int select(final long timeoutMillis, final LoopWakeup wakeup) throws IOException {
    if (backingOff()) {
      pause(timeoutMillis, wakeup);
      return 0;
    }
    long start = System.nanoTime();
    int n = selectOn(selector, timeoutMillis);
    worked();
    boolean early = timeoutMillis == 0 || System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    if (n != 0 || !early || wakeup.requested() || Thread.currentThread().isInterrupted()) {
      premature = 0; // an interrupted thread makes every select return at once, and a new selector would not help
      return n;
    }
    if (++premature >= REBUILD_AFTER) {
      try {
        int moved = rebuild();
        log(System.Logger.Level.WARNING, "Selector.select() returned early " + premature + " times in a row with"
            + " nothing selected (the JDK/OS selector bug); rebuilt the selector, " + moved + " registrations moved",
            null);
      } catch (IOException e) {
        log(System.Logger.Level.WARNING, "Selector.select() returned early " + premature + " times in a row;"
            + " could not open a new selector, keeping the old one", e);
      }
      premature = 0;
    }
    return 0;
  }

  /**
   * A select threw: log the first failure of a run, rebuild, and back off when failures repeat.
   *
   * @param e what select threw ({@code IOException} or {@code ClosedSelectorException})
   */
  void selectFailed(final Exception e) {
    premature = 0;
    failures++;
    if (failures == 1) {
      log(System.Logger.Level.WARNING, "select failed; the loop goes on with a new selector", e);
    }
    IOException openFailure = null;
    try {
      rebuild();
    } catch (IOException ex) {
      openFailure = ex;
    }
    if (failures == 1 && openFailure == null) {
      return; // the new selector is tried at once
    }
    // A new selector did not help, or none could be opened: do not spin on a dead one.
    long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(Math.max(failures - 2, 0), 20));
    retryAt = System.nanoTime() + backoff;
    if (!backoffLogged) {
      backoffLogged = true;
      log(System.Logger.Level.WARNING, "select keeps failing (" + e + (openFailure == null ? ""
          : "; no new selector: " + openFailure) + "); the loop backs off up to 1 s between attempts", null);
    }
  }

  /**
   * Logs, never throws: these lines are written when things are already failing (out of descriptors, a logger's
   * formatter may not even load), and a throw here would end the loop; standard error is the last resort.
   */
  private static void log(final System.Logger.Level level, final String msg, final Throwable thrown) {
    try {
      if (thrown == null) {
        LOG.log(level, msg);
      } else {
        LOG.log(level, msg, thrown);
      }
    } catch (Throwable e) {
      System.err.println("[weft] " + msg + " (logging failed: " + e + ")");
    }
  }

  /** @return true while a failing selector waits for its next attempt */
  private boolean backingOff() {
    return failures > 0 && System.nanoTime() - retryAt < 0;
  }

  /** A select went through: ends a run of failures. */
  private void worked() {
    if (failures == 0) {
      return;
    }
    if (backoffLogged) {
      log(System.Logger.Level.INFO, "select works again after " + failures + " failures", null);
    }
    failures = 0;
    backoffLogged = false;
  }

  /** Parks until the back-off ends, the timeout passes or a wake-up comes. */
  private void pause(final long timeoutMillis, final LoopWakeup wakeup) {
    long nanos = retryAt - System.nanoTime();
    if (timeoutMillis > 0) {
      nanos = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }
    // Dekker with LoopWakeup: the waker sets its flag, then reads parked; we set parked, then read the flag.
    parked = Thread.currentThread();
    try {
      if (!wakeup.requested()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked = null;
    }
  }

  /**
   * Opens a new selector, moves every valid registration to it (same interest set, same attachment, the handler
   * told), and closes the old one.
   *
   * @return how many registrations moved
   * @throws IOException if no new selector can be opened (the old one stays)
   */
  int rebuild() throws IOException {
    Selector fresh = openSelector();
    Selector old = selector;
    selector = fresh;
    SelectionKey[] keys;
    try {
      keys = old.keys().toArray(new SelectionKey[0]);
    } catch (ClosedSelectorException e) {
      keys = new SelectionKey[0]; // closed under us: the JDK has dropped its registrations already
    }
    int moved = 0;
    for (SelectionKey k : keys) {
      SelectionKey moving;
      try {
        if (!k.isValid()) {
          continue; // cancelled: closing the old selector deregisters it (and frees a closed channel's descriptor)
        }
        moving = k.channel().register(fresh, k.interestOps(), k.attachment());
        k.cancel();
      } catch (CancelledKeyException | ClosedChannelException e) {
        continue; // the channel closed meanwhile: nothing to move
      }
      moved++;
      if (moving.attachment() instanceof IoHandler h) {
        try {
          h.rekeyed(moving);
        } catch (Throwable t) {
          Unhandled.report(t);
        }
      }
    }
    try {
      old.close();
    } catch (IOException | RuntimeException e) {
      log(System.Logger.Level.DEBUG, "closing the replaced selector failed", e);
    }
    rebuilds++;
    return moved;
  }
}
