package dev.weft.transformer;

/**
 * The input could not be processed at all: a malformed or unreadable class file, or a class version ASM does
 * not know. Distinct from a rejection ({@link TransformResult.Status#REJECTED}), which is a well-formed class
 * that uses a construct Weft cannot rewrite. The only exception type {@link AsyncClassTransformer} throws.
 */
public final class TransformException extends Exception {

  private static final long serialVersionUID = 1L;

  public TransformException(final String message, final Throwable cause) {
    super(message, cause);
  }

  public TransformException(final String message) {
    super(message);
  }
}
