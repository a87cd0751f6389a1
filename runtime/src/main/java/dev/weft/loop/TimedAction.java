package dev.weft.loop;

/**
 * Not API: an action that is its own timer entry, so scheduling it allocates no {@link TimerHandle}
 * ({@link EventLoop#scheduleTimed}). The runtime's {@code sleep} task is one: the timer queue holds the task itself.
 *
 * <p>It has no handle, so it cancels itself: it makes {@link #timerCancelled()} true for good (the queue then never
 * runs it and drops it when it reaches the front), then tells the loop ({@link EventLoop#timedCancelled()}), which
 * counts it so that a queue mostly made of such entries is compacted (asyncio's rule).
 *
 * <p>Threads: {@link #run()} on the loop thread; {@link #timerCancelled()} from the loop thread, answering for a
 * cancellation made on any thread.
 */
public interface TimedAction extends Runnable {

  /** @return true once the action must not run: the queue drops it unrun */
  boolean timerCancelled();
}
