package dev.weft.internal;

import dev.weft.loop.EventLoop;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Task dumps, like a thread dump: every live task of a loop (spawned tasks and suspended coroutines, oldest first)
 * with its name, its state, what it waits on, the {@code file:line} where it is suspended, and the chain of
 * {@code @Async} callers awaiting it up to the spawned task it belongs to:
 *
 * <pre>
 * Weft task dump of EventLoop[on main]: 2 live tasks
 *
 * "spawn-1" SUSPENDED on "Shop.load"
 *
 * "Shop.load" SUSPENDED on "SleepTask"
 *     at shop.Shop.load(Shop.java:31)
 *     at shop.Shop.main0(Shop.java:12)
 *     in "spawn-1"
 * </pre>
 *
 * <p>Also the registry of running loops, which the JMX bean ({@link EventLoopMXBean}, {@code dev.weft:type=EventLoop})
 * and the optional dump signal ({@code -Ddev.weft.dumpSignal=NAME}, e.g. {@code USR2} or {@code WINCH}, printed to
 * standard error; a signal the JVM keeps for itself, such as {@code QUIT} or {@code SEGV}, is refused with one log
 * line) read. Nothing here runs per await or per
 * task: only when a loop starts or stops, and when a dump is asked for.
 *
 * <p>Threads: a dump of the calling thread's own loop is exact. A dump asked from another thread runs on the loop
 * through its queue; if the loop does not answer within {@link #LOOP_ANSWER_MILLIS} ms (a callback is blocking
 * it: exactly when a dump is wanted), the live list is read from the asking thread instead, best effort, and the
 * dump says so.
 */
public final class TaskDump {

  /** How long a dump from another thread waits for the loop before reading its tasks racily. */
  public static final long LOOP_ANSWER_MILLIS = 1000;

  /** The most tasks one dump lists (and the longest awaiter chain it follows). */
  private static final int MAX_TASKS = 100_000;
  private static final int MAX_CHAIN = 1024;

  private static final System.Logger LOG = System.getLogger("dev.weft");

  /** Loops between bind and close, with their threads. Copy-on-write: changes once per loop run. */
  private static final List<Running> RUNNING = new CopyOnWriteArrayList<>();

  private static volatile boolean hooksInstalled;

  private TaskDump() {
    throw new AssertionError();
  }

  private record Running(EventLoop loop, Thread thread) {
  }

  // ---- registry --------------------------------------------------------------------------------------------

  /**
   * A loop was bound to the calling thread.
   *
   * @param loop the loop; not null
   */
  public static void loopStarted(final EventLoop loop) {
    RUNNING.add(new Running(loop, Thread.currentThread()));
    if (!hooksInstalled) {
      installHooks();
    }
  }

  /**
   * A loop closed.
   *
   * @param loop the loop; not null
   */
  public static void loopStopped(final EventLoop loop) {
    RUNNING.removeIf(r -> r.loop == loop);
  }

  // ---- dumps -----------------------------------------------------------------------------------------------

  /**
   * {@code Weft.dumpTasks()}: on a loop thread, that loop's tasks; elsewhere, every running loop's.
   *
   * @return the dump text
   */
  public static String dump() {
    EventLoop own = EventLoop.current();
    if (own != null) {
      return dumpOf(own, false);
    }
    StringBuilder out = new StringBuilder();
    List<Running> all = List.copyOf(RUNNING);
    if (all.isEmpty()) {
      return "Weft task dump: no event loop is running\n";
    }
    for (Running r : all) {
      out.append(askLoop(r.loop));
    }
    return out.toString();
  }

  private static String askLoop(final EventLoop loop) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    if (!loop.isClosed()) {
      loop.execute(() -> answer.complete(dumpOf(loop, false)));
      try {
        return answer.get(LOOP_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // timed out (the loop is busy) or closed meanwhile: read racily below
      }
    }
    try {
      return dumpOf(loop, true);
    } catch (RuntimeException e) {
      return "Weft task dump of " + loop + ": unreadable while the loop runs (" + e + ")\n";
    }
  }

  /**
   * The dump of one loop.
   *
   * @param loop the loop
   * @param racy true when read from another thread than the loop's (best effort)
   * @return the text
   */
  static String dumpOf(final EventLoop loop, final boolean racy) {
    List<LiveTask<?>> live = loop.tasks().snapshot(MAX_TASKS);
    Map<Object, LiveTask<?>> awaiterOf = new IdentityHashMap<>();
    for (LiveTask<?> t : live) {
      Object a = t.awaiting();
      if (a != null) {
        awaiterOf.putIfAbsent(a, t);
      }
    }
    StringBuilder out = new StringBuilder("Weft task dump of ").append(loop).append(": ").append(live.size())
        .append(live.size() == 1 ? " live task" : " live tasks");
    if (racy) {
      out.append(" (the loop did not answer: read from another thread, best effort)");
    }
    out.append('\n');
    for (LiveTask<?> t : live) {
      out.append('\n');
      appendTask(out, t, awaiterOf);
    }
    return out.toString();
  }

  private static void appendTask(final StringBuilder out, final LiveTask<?> t, final Map<Object, LiveTask<?>> awaiterOf) {
    out.append('"').append(t.name()).append("\" ").append(t.dumpState());
    Object a = t.awaiting();
    if (a != null) {
      out.append(" on ").append(describe(a));
    }
    if (t.cancelRequested()) {
      out.append(" (cancelling)");
    }
    out.append('\n');
    LiveTask<?> frame = t;
    for (int depth = 0; frame != null && depth < MAX_CHAIN; depth++) {
      if (frame instanceof Coroutine c) {
        StackTraceElement site = c.site();
        if (site != null) {
          out.append("\tat ").append(site).append('\n');
        }
      } else if (frame != t) {
        out.append("\tin \"").append(frame.name()).append("\"\n");
        break; // a spawned task is where a logical task begins
      }
      frame = awaiterOf.get(frame);
    }
  }

  private static String describe(final Object awaited) {
    if (awaited instanceof TaskCore<?> t) {
      return "\"" + t.name() + "\"";
    }
    return awaited.getClass().getSimpleName();
  }

  // ---- JMX and signal --------------------------------------------------------------------------------------

  private static synchronized void installHooks() {
    if (hooksInstalled) {
      return;
    }
    hooksInstalled = true;
    String signal = System.getProperty("dev.weft.dumpSignal");
    if (signal != null && !signal.isBlank()) {
      installSignal(signal.trim());
    }
    if (!"false".equalsIgnoreCase(System.getProperty("dev.weft.jmx", "true"))) {
      // The platform MBean server takes tens of milliseconds of CPU and ~200 classes to start: never on the loop
      // thread, and only once the program has run for a while, so a short-lived program (a CLI tool, a hello
      // world) never pays for it and a starting one does not share its cores with it. A tool attaching to a
      // long-running server finds the bean as before.
      Thread t = new Thread(TaskDump::registerBeanLater, "weft-jmx-registration");
      t.setDaemon(true);
      t.start();
    }
  }

  /** How long after the first loop starts the MBean is registered ({@code -Ddev.weft.jmx.delayMillis}). */
  static final long JMX_DELAY_MILLIS = Long.getLong("dev.weft.jmx.delayMillis", 1_000L);

  private static void registerBeanLater() {
    try {
      Thread.sleep(JMX_DELAY_MILLIS);
    } catch (InterruptedException e) {
      return;
    }
    try {
      javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      javax.management.ObjectName name = new javax.management.ObjectName("dev.weft:type=EventLoop");
      if (!server.isRegistered(name)) {
        server.registerMBean(new Bean(), name);
      }
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.DEBUG, "the dev.weft:type=EventLoop MBean was not registered", e);
    }
  }

  /** The MBean: a standard MXBean over the registry. */
  private static final class Bean implements EventLoopMXBean {
    @Override
    public String dumpTasks() {
      return dump();
    }

    @Override
    public int getRunningLoops() {
      return RUNNING.size();
    }

    @Override
    public int getLiveTasks() {
      int n = 0;
      for (Running r : RUNNING) {
        n += r.loop.tasks().size();
      }
      return n;
    }
  }

  /** {@code sun.misc.Signal.handle(new Signal(name), s -> System.err.print(dump()))}, reflectively. */
  private static void installSignal(final String name) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object sig = signalClass.getConstructor(String.class).newInstance(name);
      InvocationHandler onSignal = (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          System.err.print(dump());
          System.err.flush();
          return null;
        }
        return switch (method.getName()) {
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> "weft task dump handler";
        };
      };
      Object handler = Proxy.newProxyInstance(TaskDump.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sig, handler);
    } catch (Throwable e) {
      Throwable why = e instanceof java.lang.reflect.InvocationTargetException i && i.getCause() != null
          ? i.getCause() : e;
      LOG.log(System.Logger.Level.WARNING, "Weft task dumps on signal SIG" + name + " unavailable: " + why);
    }
  }
}
