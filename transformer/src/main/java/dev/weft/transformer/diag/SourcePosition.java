package dev.weft.transformer.diag;

/**
 * Where a diagnostic points: the source file as the class file names it, relative to its source root
 * ({@code shop/Cart.java}, from the package and the {@code SourceFile} attribute), and a line.
 *
 * <p>Without debug information the position falls back to the class file: {@code shop/Cart.class (no line numbers)}.
 *
 * @param className internal name of the class, e.g. {@code shop/Cart}; never null
 * @param sourcePath package-relative source path, e.g. {@code shop/Cart.java}; null when the class has no
 *     {@code SourceFile} attribute
 * @param line the line number, or -1 when unknown
 */
public record SourcePosition(String className, String sourcePath, int line) {

  /** Builds the position of a line in a class, deriving the source path from the package and source file name. */
  public static SourcePosition of(final String className, final String sourceFile, final int line) {
    String path = null;
    if (sourceFile != null) {
      int slash = className.lastIndexOf('/');
      path = slash < 0 ? sourceFile : className.substring(0, slash + 1) + sourceFile;
    }
    return new SourcePosition(className, path, line);
  }

  @Override
  public String toString() {
    if (sourcePath == null) {
      return className + ".class" + (line > 0 ? ":" + line : " (no line numbers)");
    }
    return line > 0 ? sourcePath + ":" + line : sourcePath + " (no line numbers)";
  }
}
