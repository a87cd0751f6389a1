package dev.weft.internal;

/**
 * The JMX face of Weft's running event loops, registered as {@code dev.weft:type=EventLoop} on the platform MBean
 * server one second after the first loop starts (off the loop thread; {@code -Ddev.weft.jmx.delayMillis} changes
 * the delay, {@code -Ddev.weft.jmx=false} skips it). From
 * {@code jconsole}, VisualVM or {@code jcmd}-driven tooling: invoke {@code dumpTasks}.
 *
 * <p>Threads: any (JMX calls come from RMI or attach threads); see {@link TaskDump} for how a dump reaches a loop.
 */
public interface EventLoopMXBean {

  /** @return the task dump of every running loop (as {@code dev.weft.Weft.dumpTasks()} off any loop) */
  String dumpTasks();

  /** @return how many loops run right now */
  int getRunningLoops();

  /** @return live tasks over all running loops (a racy sum, for monitoring) */
  int getLiveTasks();
}
