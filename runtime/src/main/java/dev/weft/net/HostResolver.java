package dev.weft.net;

import dev.weft.loop.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Turns a host name into socket addresses without blocking the loop (asyncio's {@code getaddrinfo} in an
 * executor). An IP literal is parsed on the spot, with no lookup; a name is resolved on a small pool of daemon
 * threads and the answer comes back through the loop's queue.
 *
 * <p>Threads: {@link #resolve} on the loop thread; the callback runs on the loop thread, either inline (literal)
 * or on a later turn (name).
 */
final class HostResolver {

  /** A dotted-quad IPv4 literal, each part 0 to 255 (anything else would make the JDK fall back to a lookup). */
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  /** At most four lookups at once; idle threads go after 30 s, so an unused pool holds no thread. */
  private static final ThreadPoolExecutor POOL;

  static {
    AtomicInteger n = new AtomicInteger();
    POOL = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "weft-resolver-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    POOL.allowCoreThreadTimeOut(true);
  }

  private HostResolver() {
    throw new AssertionError();
  }

  /**
   * Resolves {@code host:port}.
   *
   * @param loop the calling loop; not null
   * @param host a name or IP literal; null for the wildcard address (servers)
   * @param port the port
   * @param then receives the addresses (non-empty) or the failure ({@code UnknownHostException})
   */
  static void resolve(final EventLoop loop, final String host, final int port,
      final BiConsumer<InetSocketAddress[], Throwable> then) {
    if (host == null) {
      then.accept(new InetSocketAddress[] {new InetSocketAddress(port)}, null);
      return;
    }
    if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
      InetSocketAddress[] a;
      try {
        a = new InetSocketAddress[] {new InetSocketAddress(InetAddress.getByName(host), port)}; // literal: no lookup
      } catch (UnknownHostException e) {
        then.accept(null, e);
        return;
      }
      then.accept(a, null);
      return;
    }
    CompletableFuture.supplyAsync(() -> lookup(host, port), POOL)
        .whenComplete((a, e) -> loop.execute(() -> then.accept(a, e == null ? null : unwrap(e))));
  }

  private static InetSocketAddress[] lookup(final String host, final int port) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
    InetSocketAddress[] r = new InetSocketAddress[all.length];
    for (int i = 0; i < all.length; i++) {
      r[i] = new InetSocketAddress(all[i], port);
    }
    return r;
  }

  private static Throwable unwrap(final Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
