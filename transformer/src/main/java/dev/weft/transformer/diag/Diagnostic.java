package dev.weft.transformer.diag;

import java.util.Objects;

/**
 * One problem found in a class, reported in javac's form:
 *
 * <pre>
 * src/main/java/shop/Cart.java:42: error: await inside synchronized block in Cart.total()
 *   A monitor cannot be held across a suspension.
 *   Fix: move the await out of the block, or guard with AsyncLock.
 * </pre>
 *
 * <p>Immutable; safe to share between threads.
 */
public final class Diagnostic {

  private final SourcePosition position;
  private final String headline;
  private final String why;
  private final String fix;

  /**
   * @param position where the problem is; never null
   * @param headline what is wrong and in which method, e.g. {@code await inside synchronized block in Cart.total()}
   * @param why one sentence of explanation; never null
   * @param fix what the user should do; never null
   */
  public Diagnostic(final SourcePosition position, final String headline, final String why, final String fix) {
    this.position = Objects.requireNonNull(position, "position");
    this.headline = Objects.requireNonNull(headline, "headline");
    this.why = Objects.requireNonNull(why, "why");
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  public SourcePosition position() {
    return position;
  }

  public String headline() {
    return headline;
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }

  /** The javac-form text, with the position as the class file knows it (e.g. {@code shop/Cart.java:42}). */
  public String format() {
    return format(position.toString());
  }

  /**
   * The javac-form text with a caller-resolved location, e.g. the plugin's {@code src/main/java/shop/Cart.java:42}.
   *
   * @param location the text before {@code ": error: "}; never null
   */
  public String format(final String location) {
    return location + ": error: " + headline + System.lineSeparator()
        + "  " + why + System.lineSeparator()
        + "  Fix: " + fix;
  }

  @Override
  public String toString() {
    return format();
  }
}
