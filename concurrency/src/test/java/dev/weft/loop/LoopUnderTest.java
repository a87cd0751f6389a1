package dev.weft.loop;

/**
 * The event loop a Lincheck invocation runs against, never bound to a thread: every thread, the one running turns
 * included, submits through the cross-thread queue. Its clocks stand still (no timers are involved). Lincheck makes a
 * new test instance (so a new loop, with a selector) for every invocation and has no hook after one, so each new loop
 * closes the one before it (invocations of one class loader run one at a time), keeping the open selectors to one per
 * loader.
 *
 * <p>Threads: construction on Lincheck's thread between invocations; {@link #turn} on one thread at a time.
 */
final class LoopUnderTest {

  private static final Runnable NOTHING = () -> { };
  private static final Clock FROZEN = () -> 0L;
  private static EventLoop previous;

  private LoopUnderTest() {
  }

  /** @return a new, unbound loop; the one made before it is closed */
  static synchronized EventLoop create() {
    if (previous != null) {
      previous.close(); // unbound: releases the selector at once, from any thread
    }
    // Frozen clocks: model checking replays an interleaving to report it and needs every run to take the same
    // branches; the I/O window's real-time check would not.
    EventLoop loop = new EventLoop(FROZEN);
    loop.realTime(FROZEN);
    previous = loop;
    return loop;
  }

  /**
   * One turn of the real loop ({@code EventLoop.runOnce}) that never sleeps: one queued entry more keeps it from
   * blocking in {@code select} (Lincheck cannot interleave a thread blocked in a native call), so the turn collects the
   * submission queue, fires due timers and runs what was ready.
   *
   * @param loop the loop
   */
  static void turn(final EventLoop loop) {
    loop.execute(NOTHING);
    loop.runOnce();
  }
}
