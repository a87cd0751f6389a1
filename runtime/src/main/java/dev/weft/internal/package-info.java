/**
 * Not API. The contract with transformed code ({@link dev.weft.internal.Coroutine},
 * {@link dev.weft.internal.AwaitSupport}, {@link dev.weft.internal.Resumer},
 * {@link dev.weft.internal.Transformed}) and the task machinery behind {@code dev.weft}: names and signatures the
 * transformer emits calls to are fixed; everything else may change.
 */
package dev.weft.internal;
