/**
 * Weft's user API: {@link dev.weft.Async}, {@link dev.weft.Task}, {@link dev.weft.Promise}, the static
 * {@link dev.weft.Weft} functions ({@code await}, {@code done}, {@code run}, {@code spawn}, {@code sleep},
 * {@code gather}), the exceptions, and {@link dev.weft.WeftStats}.
 */
package dev.weft;
