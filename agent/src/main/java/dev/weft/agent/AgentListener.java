package dev.weft.agent;

import dev.weft.transformer.TransformException;
import dev.weft.transformer.diag.Diagnostic;
import java.io.PrintStream;
import java.util.List;

/**
 * Hears what the agent did to a class. Called on the thread that loads the class, inside class loading: an
 * implementation must be quick, must not load application classes and should not block.
 *
 * <p>Implementations must be thread-safe; classes load on many threads at once.
 */
interface AgentListener {

  /**
   * A class has @Async methods the transformer rejected; it loads untransformed.
   *
   * @param className the class, dotted (e.g. {@code shop.Cart}); never null
   * @param diagnostics why, in javac's form; never null, never empty
   */
  void onRejected(String className, List<Diagnostic> diagnostics);

  /**
   * The transformer failed on a class (unreadable bytes, or any error of its own); the class loads untransformed.
   *
   * @param className the class, dotted; never null
   * @param cause what went wrong; never null
   */
  void onError(String className, Throwable cause);

  /**
   * Writes one record per class to a stream, each a single {@code print} so that records of concurrent class
   * loads never interleave, its first line prefixed {@code [weft] }:
   *
   * <pre>
   * [weft] shop/Cart.java:42: error: await inside synchronized block in Cart.total()
   *   A monitor cannot be held across a suspension.
   *   Fix: move the await out of the block, or guard with AsyncLock.
   * [weft] shop.Broken: malformed class file: ...; left untransformed
   * </pre>
   */
  final class StreamWriting implements AgentListener {

    private static final String PREFIX = "[weft] ";
    private final PrintStream out;

    /** @param out where records go, typically {@link System#err}; never null */
    StreamWriting(final PrintStream out) {
      this.out = out;
    }

    @Override
    public void onRejected(final String className, final List<Diagnostic> diagnostics) {
      StringBuilder record = new StringBuilder(PREFIX);
      for (Diagnostic diagnostic : diagnostics) {
        record.append(diagnostic.format()).append(System.lineSeparator());
      }
      out.print(record);
      out.flush();
    }

    @Override
    public void onError(final String className, final Throwable cause) {
      out.print(PREFIX + className + ": " + describe(cause) + "; left untransformed" + System.lineSeparator());
      out.flush();
    }

    /** A transformer message already says what is wrong; anything else is named by its type. */
    static String describe(final Throwable cause) {
      if (cause instanceof TransformException && cause.getMessage() != null) {
        return cause.getMessage();
      }
      return cause.toString();
    }
  }
}
