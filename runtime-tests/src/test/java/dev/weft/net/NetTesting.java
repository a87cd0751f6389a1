package dev.weft.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Weft;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small helpers shared by the network tests: text conversions and a capture of unhandled exceptions. */
final class NetTesting {

  /** Every test binds here, port 0. */
  static final String HOST = "127.0.0.1";

  private NetTesting() {
  }

  static byte[] bytes(final String s) {
    return s.getBytes(UTF_8);
  }

  static String text(final byte[] b) {
    return new String(b, UTF_8);
  }

  /** Routes unhandled exceptions into a list until {@link #close()}; use with try-with-resources. */
  static final class Unhandled implements AutoCloseable {
    final List<Throwable> seen = new CopyOnWriteArrayList<>();

    Unhandled() {
      Weft.setUnhandledExceptionHandler(seen::add);
    }

    @Override
    public void close() {
      Weft.setUnhandledExceptionHandler(null);
    }
  }
}
