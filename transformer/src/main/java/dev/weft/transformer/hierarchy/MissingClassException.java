package dev.weft.transformer.hierarchy;

/**
 * A class needed to merge types could not be found (or read) through the {@link ClassFileLocator}. The
 * transformer turns it into a diagnostic naming the class: it never guesses {@code java/lang/Object}.
 */
public final class MissingClassException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String className;

  public MissingClassException(final String className, final Throwable cause) {
    super("cannot find class " + className.replace('/', '.')
        + (cause == null ? "" : " (" + cause + ")"), cause);
    this.className = className;
  }

  /** Internal name of the missing class. */
  public String className() {
    return className;
  }
}
