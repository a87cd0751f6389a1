package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link AsyncStackTrace#appendTo}: attached once, extended in order, capped, harmless where suppression is off. */
class AsyncStackTraceUnitTest {

  private static StackTraceElement frame(final int line) {
    return new StackTraceElement("shop.Cart", "load", "Cart.java", line);
  }

  @Test
  void attachedOnceThenExtendedInnermostFirst() {
    RuntimeException e = new RuntimeException("boom");
    StackTraceElement[] own = e.getStackTrace();

    AsyncStackTrace.appendTo(e, frame(1));
    AsyncStackTrace.appendTo(e, frame(2));

    assertEquals(1, e.getSuppressed().length);
    AsyncStackTrace chain = AsyncStackTrace.of(e);
    assertSame(e.getSuppressed()[0], chain);
    assertEquals(Arrays.asList(frame(1), frame(2)), Arrays.asList(chain.getStackTrace()));
    assertEquals(Arrays.asList(own), Arrays.asList(e.getStackTrace()), "the exception's own frames are untouched");
    assertEquals(0, chain.getSuppressed().length);
  }

  @Test
  void keepsTheInnermostFrames() {
    RuntimeException e = new RuntimeException();
    for (int i = 1; i <= AsyncStackTrace.MAX_FRAMES + 10; i++) {
      AsyncStackTrace.appendTo(e, frame(i));
    }
    StackTraceElement[] chain = AsyncStackTrace.of(e).getStackTrace();
    assertEquals(AsyncStackTrace.MAX_FRAMES, chain.length);
    assertEquals(1, chain[0].getLineNumber());
  }

  @Test
  void anExceptionWithoutSuppressionTakesNone() {
    Error e = new Error("no suppression", null, false, false) {
    };
    AsyncStackTrace.appendTo(e, frame(1));
    assertNull(AsyncStackTrace.of(e));
  }

  @Test
  void noneWithoutAnAwait() {
    assertNull(AsyncStackTrace.of(new IllegalStateException()));
  }
}
