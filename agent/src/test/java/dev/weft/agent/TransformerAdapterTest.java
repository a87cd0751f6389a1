package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.TransformException;
import dev.weft.transformer.TransformResult;
import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The adapter's contract, with the transformation replaced where a test needs a failure. */
class TransformerAdapterTest {

  private static final String CLASS = "shop/Cart";
  private static final String PROPERTY = TransformerAdapter.REJECTED_PROPERTY_PREFIX + "shop.Cart";

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final AgentListener listener =
      new AgentListener.StreamWriting(new PrintStream(log, true, StandardCharsets.UTF_8));
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void clearProperty() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void nonCandidateIsPassedThroughWithoutParsing() {
    TransformerAdapter adapter = adapter((loader, name, bytes) -> {
      calls.incrementAndGet();
      return null;
    });

    assertNull(transform(adapter, ClassBytes.notACandidate()));
    assertNull(adapter.transform(null, CLASS, null, null, null));
    assertEquals(0, calls.get());
    assertEquals("", log());
  }

  /** Candidate bytes under a JDK, agent or Weft name are never handed to the transformation; a near miss is. */
  @Test
  void jdkAndAgentClassesArePassedThroughByName() {
    TransformerAdapter adapter = adapter((loader, name, bytes) -> {
      calls.incrementAndGet();
      return null;
    });
    byte[] candidate = ClassBytes.truncatedCandidate();

    for (String name : List.of("java/lang/Thread", "jdk/internal/misc/Unsafe", "sun/nio/ch/Util",
        "com/sun/crypto/provider/AESCrypt", "dev/weft/agent/shaded/transformer/scan/AsyncMethodScanner",
        "dev/weft/Weft")) {
      assertNull(adapter.transform(null, name, null, null, candidate), name);
    }
    assertEquals(0, calls.get());

    List<String> nearMisses = List.of("javaapp/Main", "dev/weft/agentless/Cart", "com/sunny/Shop", "dev/weft/Weftish",
        "dev/weft/Weft$Inner", "app/dev/weft/Weft");
    for (String name : nearMisses) {
      adapter.transform(null, name, null, null, candidate);
    }
    assertEquals(nearMisses.size(), calls.get(), "names that only start like a skipped package are scanned as usual");
  }

  @Test
  void transformedBytesAreReturned() {
    byte[] output = {1, 2, 3};
    TransformerAdapter adapter = adapter((loader, name, bytes) ->
        new TransformResult(TransformResult.Status.TRANSFORMED, name, output, List.of()));

    assertArrayEquals(output, transform(adapter, ClassBytes.truncatedCandidate()));
    assertEquals("", log());
  }

  @Test
  void eachTransformedClassRaisesThePublishedCount() {
    TransformerAdapter adapter = adapter((loader, name, bytes) ->
        new TransformResult(TransformResult.Status.TRANSFORMED, name, new byte[] {1}, List.of()));
    long before = Long.parseLong(System.getProperty(TransformerAdapter.TRANSFORMED_PROPERTY, "0"));

    transform(adapter, ClassBytes.truncatedCandidate());
    transform(adapter, ClassBytes.truncatedCandidate());
    assertNull(transform(adapter, ClassBytes.notACandidate()));

    assertEquals(before + 2, Long.parseLong(System.getProperty(TransformerAdapter.TRANSFORMED_PROPERTY)));
  }

  @Test
  void rejectionLogsOneRecordAndPublishesTheReason() {
    Diagnostic first = diagnostic(42, "await inside synchronized block in Cart.total()");
    Diagnostic second = diagnostic(57, "await inside synchronized method Cart.discount()");
    TransformerAdapter adapter = adapter((loader, name, bytes) ->
        new TransformResult(TransformResult.Status.REJECTED, name, bytes, List.of(first, second)));

    byte[] result = transform(adapter, ClassBytes.truncatedCandidate());

    assertNull(result);
    assertTrue(log().startsWith("[weft] shop/Cart.java:42: error: await inside synchronized block in Cart.total()"),
        log());
    assertTrue(log().contains("shop/Cart.java:57: error: await inside synchronized method Cart.discount()"), log());
    assertEquals(1, log().split("\\[weft]", -1).length - 1, "one record per class");
    assertEquals(first.format(), System.getProperty(PROPERTY));
  }

  static Stream<Supplier<Throwable>> failures() {
    return Stream.of(
        () -> new TransformException("malformed class file shop/Cart: truncated constant pool"),
        StackOverflowError::new,
        () -> new OutOfMemoryError("Java heap space"),
        () -> new NoClassDefFoundError("org/example/Missing"),
        () -> new IllegalStateException("a bug"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void anyFailureIsLoggedOnceAndTheClassLoadsUntransformed(final Supplier<Throwable> failure) {
    Throwable thrown = failure.get();
    TransformerAdapter adapter = adapter((loader, name, bytes) -> {
      sneakyThrow(thrown);
      return null;
    });

    byte[] result = transform(adapter, ClassBytes.truncatedCandidate());

    assertNull(result);
    String expected = "[weft] shop.Cart: "
        + (thrown instanceof TransformException ? thrown.getMessage() : thrown.toString()) + "; left untransformed";
    assertEquals(expected, log().strip());
    assertTrue(System.getProperty(PROPERTY).endsWith("; left untransformed"));
  }

  @Test
  void aFailingListenerIsSwallowed() {
    AgentListener broken = new AgentListener() {
      @Override
      public void onRejected(final String className, final List<Diagnostic> diagnostics) {
        throw new IllegalStateException("log closed");
      }

      @Override
      public void onError(final String className, final Throwable cause) {
        throw new IllegalStateException("log closed");
      }
    };
    TransformerAdapter adapter = new TransformerAdapter((loader, name, bytes) -> {
      throw new StackOverflowError();
    }, broken);

    assertNull(transform(adapter, ClassBytes.truncatedCandidate()));
  }

  @Test
  void classesLoadedByTheTransformersOwnWorkArePassedThrough() {
    byte[][] inner = new byte[1][];
    TransformerAdapter[] self = new TransformerAdapter[1];
    self[0] = adapter((loader, name, bytes) -> {
      calls.incrementAndGet();
      // As if the transformer's work loaded a class: the JVM calls the same transformer on this thread.
      inner[0] = self[0].transform(null, "shop/Other", null, null, ClassBytes.truncatedCandidate());
      return new TransformResult(TransformResult.Status.UNCHANGED, name, bytes, List.of());
    });

    assertNull(transform(self[0], ClassBytes.truncatedCandidate()));
    assertNull(inner[0]);
    assertEquals(1, calls.get(), "the nested load never reached the transformer");
    assertEquals("", log());
  }

  /** Needs the transformer core: unparsable bytes are a TransformException, logged once. */
  @Test
  void unparsableCandidateIsLoggedByTheRealTransformer() {
    TransformerAdapter adapter = new TransformerAdapter(listener);

    byte[] result = transform(adapter, ClassBytes.truncatedCandidate());

    assertNull(result);
    assertTrue(log().startsWith("[weft] shop.Cart: "), log());
    assertTrue(log().strip().endsWith("; left untransformed"), log());
    assertEquals(1, log().strip().lines().count(), log());
  }

  private TransformerAdapter adapter(final TransformerAdapter.Rewriter rewriter) {
    return new TransformerAdapter(rewriter, listener);
  }

  private static byte[] transform(final TransformerAdapter adapter, final byte[] bytes) {
    return adapter.transform(TransformerAdapterTest.class.getClassLoader(), CLASS, null, null, bytes);
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private static Diagnostic diagnostic(final int line, final String headline) {
    return new Diagnostic(new SourcePosition(CLASS, "shop/Cart.java", line), headline,
        "A monitor cannot be held across a suspension.", "move the await out of the block, or guard with AsyncLock.");
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(final Throwable t) throws T {
    throw (T) t;
  }
}
