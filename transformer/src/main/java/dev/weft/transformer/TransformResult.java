package dev.weft.transformer;

import dev.weft.transformer.diag.Diagnostic;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AsyncClassTransformer#transform(byte[])} made of one class file.
 *
 * <ul>
 *   <li>{@link Status#UNCHANGED}: nothing to do (no {@code @Async}, no {@code await}, already transformed, or
 *       {@code module-info}); {@link #bytes()} is the input, byte-identical.
 *   <li>{@link Status#TRANSFORMED}: {@link #bytes()} is the rewritten class.
 *   <li>{@link Status#REJECTED}: at least one method cannot be rewritten; {@link #diagnostics()} says why and
 *       {@link #bytes()} is the untouched input.
 * </ul>
 *
 * @param status the outcome; never null
 * @param className internal name of the class (e.g. {@code shop/Cart}), or null when the input was unreadable
 * @param bytes the class file to write: the input unless {@code status == TRANSFORMED}; never null
 * @param diagnostics errors found; empty unless {@code status == REJECTED}
 */
public record TransformResult(Status status, String className, byte[] bytes, List<Diagnostic> diagnostics) {

  /** The three outcomes. */
  public enum Status { UNCHANGED, TRANSFORMED, REJECTED }

  public TransformResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(bytes, "bytes");
    diagnostics = List.copyOf(diagnostics);
  }

  static TransformResult unchanged(final String className, final byte[] input) {
    return new TransformResult(Status.UNCHANGED, className, input, List.of());
  }

  static TransformResult transformed(final String className, final byte[] output) {
    return new TransformResult(Status.TRANSFORMED, className, output, List.of());
  }

  static TransformResult rejected(final String className, final byte[] input, final List<Diagnostic> diagnostics) {
    return new TransformResult(Status.REJECTED, className, input, diagnostics);
  }
}
