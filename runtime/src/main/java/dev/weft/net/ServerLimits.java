package dev.weft.net;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import dev.weft.loop.TimerHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Limits that let a server shed peers that would otherwise hold it: a cap on concurrent connections and an idle
 * timeout. Applied by wrapping the server's {@link ConnectionHandler} with {@link #guard}; immutable, each
 * {@code with...} returns a new instance.
 *
 * <pre>{@code
 * ServerLimits.Guard guard = ServerLimits.none()
 *     .withMaxConnections(1_000)
 *     .withIdleTimeout(Duration.ofSeconds(30))
 *     .guard(Echo::serve);
 * TcpServer server = await(Tcp.startServer("127.0.0.1", 0, guard));
 * }</pre>
 *
 * <ul>
 *   <li><b>Connection limit</b>: a connection accepted while {@code maxConnections} handlers are running is aborted
 *       at once (its handler never runs) and counted in {@link Guard#refused()}. The kernel's listen backlog still
 *       queues connects; each costs one accept and one close.</li>
 *   <li><b>Idle timeout</b>: a connection over which no byte has moved for the timeout (nothing received from the
 *       peer, and nothing of what the handler wrote taken by the socket) is aborted, its buffered output dropped,
 *       and its handler's task cancelled (its {@code finally} blocks run); counted in {@link Guard#timedOut()}. So a
 *       peer that connects and sends nothing, and a peer that stops reading while the server writes, are both shed;
 *       a handler that is itself slow to answer (a long computation, a slow back end) counts as idle too, so pick a
 *       timeout above its worst case. Checked four times per timeout: a connection goes between 1 and 1.25 timeouts
 *       after its last byte.</li>
 * </ul>
 *
 * <p>Threads: the options are immutable (any thread); a {@link Guard} is used by its server on the loop thread. Nulls:
 * never accepted, never returned.
 */
public final class ServerLimits {

  private static final ServerLimits NONE = new ServerLimits(Integer.MAX_VALUE, null);

  private final int maxConnections;
  /** Null for none. */
  private final Duration idleTimeout;

  private ServerLimits(final int maxConnections, final Duration idleTimeout) {
    this.maxConnections = maxConnections;
    this.idleTimeout = idleTimeout;
  }

  /** @return no connection limit and no idle timeout */
  public static ServerLimits none() {
    return NONE;
  }

  /**
   * @param max how many connections may be served at once
   * @return new limits
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public ServerLimits withMaxConnections(final int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConnections: " + max + " (expected: >= 1)");
    }
    return new ServerLimits(max, idleTimeout);
  }

  /**
   * @param timeout how long a connection may stay without moving a byte
   * @return new limits
   * @throws IllegalArgumentException unless the timeout is positive
   */
  public ServerLimits withIdleTimeout(final Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout: " + timeout + " (expected: > 0)");
    }
    return new ServerLimits(maxConnections, timeout);
  }

  /** @return the connection limit ({@code Integer.MAX_VALUE} for none) */
  public int maxConnections() {
    return maxConnections;
  }

  /** @return the idle timeout, or {@code Duration.ZERO} for none */
  public Duration idleTimeout() {
    return idleTimeout == null ? Duration.ZERO : idleTimeout;
  }

  /**
   * Wraps a handler; use one guard per server (it counts that server's connections).
   *
   * @param handler the handler to run for connections within the limits; not null
   * @return the guarded handler, with its counters
   */
  public Guard guard(final ConnectionHandler handler) {
    return new Guard(this, Objects.requireNonNull(handler, "handler"));
  }

  @Override
  public String toString() {
    return "ServerLimits[maxConnections=" + (maxConnections == Integer.MAX_VALUE ? "none" : maxConnections)
        + ", idleTimeout=" + (idleTimeout == null ? "none" : idleTimeout) + "]";
  }

  /**
   * A {@link ConnectionHandler} that applies {@link ServerLimits} around another, and counts what it shed.
   *
   * <p>Threads: loop thread only (the server calls it there; the counters are plain reads).
   */
  public static final class Guard implements ConnectionHandler {

    private final ServerLimits limits;
    private final ConnectionHandler handler;
    private int active;
    private long refused;
    private long timedOut;

    private Guard(final ServerLimits limits, final ConnectionHandler handler) {
      this.limits = limits;
      this.handler = handler;
    }

    @Override
    public Task<?> handle(final StreamReader reader, final StreamWriter writer) {
      if (active >= limits.maxConnections) {
        refused++;
        writer.abort();
        return Weft.done();
      }
      active++;
      Task<?> task;
      try {
        task = handler.handle(reader, writer);
      } catch (RuntimeException | Error e) {
        active--;
        throw e;
      }
      if (task == null) {
        active--;
        return null; // the server fails the connection's task with NullPointerException, as without a guard
      }
      Watchdog watchdog = limits.idleTimeout == null ? null : new Watchdog(reader, writer, task);
      task.onDone(t -> {
        active--;
        if (watchdog != null) {
          watchdog.stop();
        }
      });
      return task;
    }

    /** @return connections whose handlers are running */
    public int active() {
      return active;
    }

    /** @return connections aborted at accept because {@code maxConnections} handlers were running */
    public long refused() {
      return refused;
    }

    /** @return connections aborted by the idle timeout */
    public long timedOut() {
      return timedOut;
    }

    @Override
    public String toString() {
      return "ServerLimits.Guard[" + limits + ", active=" + active + ", refused=" + refused + ", timedOut="
          + timedOut + "]";
    }

    /** Checks one connection's byte counts a few times per timeout; sheds it when they stood still throughout. */
    private final class Watchdog implements Runnable {
      private final StreamReader reader;
      private final StreamWriter writer;
      private final Task<?> task;
      private final EventLoop loop = EventLoop.current();
      private final long timeoutNanos = saturatedNanos(limits.idleTimeout);
      private final long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), timeoutNanos / 4);
      private long lastCount;
      private long lastMoved;
      private TimerHandle timer;

      Watchdog(final StreamReader reader, final StreamWriter writer, final Task<?> task) {
        this.reader = reader;
        this.writer = writer;
        this.task = task;
        this.lastCount = moved();
        this.lastMoved = loop.nanoTime();
        this.timer = loop.schedule(periodNanos, TimeUnit.NANOSECONDS, this);
      }

      private long moved() {
        return reader.bytesReceived() + writer.bytesSent();
      }

      @Override
      public void run() {
        timer = null;
        if (task.isDone()) {
          return;
        }
        long now = loop.nanoTime();
        long count = moved();
        if (count != lastCount) {
          lastCount = count;
          lastMoved = now;
        } else if (now - lastMoved >= timeoutNanos) {
          timedOut++;
          writer.abort(); // drops what the peer would not take, closes the socket
          task.cancel("idle for " + limits.idleTimeout);
          return;
        }
        timer = loop.schedule(periodNanos, TimeUnit.NANOSECONDS, this);
      }

      void stop() {
        if (timer != null) {
          timer.cancel();
          timer = null;
        }
      }
    }

    private static long saturatedNanos(final Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }
}
