/**
 * Combinators and structured concurrency on top of {@link dev.weft.Task}: the value types that
 * {@link dev.weft.Weft#gatherSettled}, {@link dev.weft.Weft#waitFirst} and friends return
 * ({@link dev.weft.task.Outcome}, {@link dev.weft.task.WaitResult}), and the scopes {@link dev.weft.task.TaskGroup} and
 * {@link dev.weft.task.TimeoutScope}. The entry points most code needs are static methods of {@link dev.weft.Weft}.
 */
package dev.weft.task;
