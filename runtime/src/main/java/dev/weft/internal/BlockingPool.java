package dev.weft.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor of {@code Weft.toThread}, created on first use. On JDK 21 and later: a virtual thread per
 * task ({@code Executors.newVirtualThreadPerTaskExecutor()}, found through {@link MethodHandles} because the runtime
 * is compiled for 17). On JDK 17, or with {@code -Ddev.weft.toThread.virtual=false}: a bounded pool of
 * {@code min(32, processors + 4)} daemon threads named {@code weft-to-thread-N} (Python's default for
 * {@code to_thread}), idle threads ending after 60 s, extra work queued.
 *
 * <p>Threads: any.
 */
public final class BlockingPool {

  private static final System.Logger LOG = System.getLogger(BlockingPool.class.getName());

  private BlockingPool() {
    throw new AssertionError();
  }

  /** @return the shared default executor */
  public static ExecutorService get() {
    return Holder.POOL;
  }

  /** @return true when the default executor runs each body on a virtual thread */
  public static boolean virtual() {
    return Holder.VIRTUAL;
  }

  /** Lazy holder: no pool, and no thread, until the first {@code toThread}. */
  private static final class Holder {
    static final boolean VIRTUAL;
    static final ExecutorService POOL;

    static {
      ExecutorService v = Boolean.parseBoolean(System.getProperty("dev.weft.toThread.virtual", "true"))
          ? virtualThreads() : null;
      VIRTUAL = v != null;
      POOL = v != null ? v : boundedPool();
    }
  }

  private static ExecutorService virtualThreads() {
    try {
      MethodHandle h = MethodHandles.publicLookup().findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
          MethodType.methodType(ExecutorService.class));
      return (ExecutorService) h.invokeExact();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17-20: no virtual threads
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.WARNING, "virtual threads unavailable for toThread; using a bounded pool", e);
      return null;
    }
  }

  private static ExecutorService boundedPool() {
    int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    AtomicInteger count = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, "weft-to-thread-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f);
    p.allowCoreThreadTimeOut(true);
    return p;
  }
}
