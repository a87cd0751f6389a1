package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each rejected construct yields its own javac-form error naming file, line, method and fix; nothing is written. */
class RejectionTest {

  private static final String HEADER = "package fixtures;\n"
      + "import static dev.weft.Weft.*;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "import java.util.function.Supplier;\n";

  /** Compiles {@code body} as class {@code Rej} (line 7 is the first line of the body) and transforms it. */
  private static TransformResult transform(final String body) {
    Map<String, byte[]> classes = InMemoryCompiler.compile(
        Map.of("fixtures.Rej", HEADER + "public class Rej {\n" + body + "}\n"), List.of("--release", "17", "-g"));
    return Transforming.results(classes).get("fixtures/Rej");
  }

  private static String errors(final TransformResult result) {
    return result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  private static void assertRejected(final TransformResult result, final String... expected) {
    assertEquals(TransformResult.Status.REJECTED, result.status(), "status");
    String text = errors(result);
    for (String part : expected) {
      assertTrue(text.contains(part), () -> "expected <" + part + "> in:\n" + text);
    }
    assertTrue(text.contains("  Fix: "), text);
  }

  @Test
  void awaitInsideSynchronizedBlock() {
    TransformResult result = transform(""
        + "  @Async static Task<Integer> total(Task<Integer> t) {\n"
        + "    synchronized (Rej.class) {\n"
        + "      return done(await(t));\n"
        + "    }\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:9: error: await inside synchronized block in Rej.total(Task)",
        "AsyncLock");
  }

  @Test
  void awaitInSynchronizedMethod() {
    TransformResult result = transform(""
        + "  @Async synchronized Task<Integer> total(Task<Integer> t) {\n"
        + "    return done(await(t));\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:8: error: await inside synchronized @Async method Rej.total(Task)");
  }

  @Test
  void awaitOutsideAsync() {
    TransformResult result = transform(""
        + "  static Integer plain(Task<Integer> t) {\n"
        + "    return await(t);\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:8: error: await outside @Async method in Rej.plain(Task)");
  }

  @Test
  void asyncMethodReturningNoTaskType() {
    TransformResult result = transform(""
        + "  @Async static String wrong(Task<String> t) {\n"
        + "    return await(t);\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:8: error: @Async method Rej.wrong(Task) returns java.lang.String,"
        + " not a task type");
  }

  @Test
  void awaitInLambdaThatReturnsNoTask() {
    TransformResult result = transform(""
        + "  static Supplier<Integer> make(Task<Integer> t) {\n"
        + "    return () -> await(t);\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:8: error: await in a lambda at fixtures/Rej.java:8 in Rej.make(Task)"
        + " whose functional method does not return a task type");
  }

  @Test
  void awaitInStaticInitializer() {
    TransformResult result = transform(""
        + "  static final Object VALUE;\n"
        + "  static {\n"
        + "    VALUE = await(done(1));\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:9: error: await not allowed in static initializer");
  }

  @Test
  void awaitInConstructor() {
    TransformResult result = transform(""
        + "  final Object value;\n"
        + "  Rej(Task<Integer> t) {\n"
        + "    value = await(t);\n"
        + "  }\n");
    assertRejected(result, "fixtures/Rej.java:9: error: await not allowed in constructor Rej.Rej(Task)");
  }

  @Test
  void asyncAbstractMethodHasNoBody() {
    Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of("fixtures.Rej", HEADER
        + "public abstract class Rej {\n"
        + "  @Async abstract Task<Integer> total();\n"
        + "}\n"), List.of("--release", "17", "-g"));
    assertRejected(Transforming.results(classes).get("fixtures/Rej"),
        "error: @Async method Rej.total() has no body");
  }

  @Test
  void methodThatOutgrowsTheCodeLimitAfterRewriting() {
    StringBuilder body = new StringBuilder("  @Async static Task<Integer> big(Task<Integer> t) {\n");
    for (int i = 0; i < 40; i++) {
      body.append("    int v").append(i).append(" = ").append(i).append(";\n");
    }
    for (int i = 0; i < 300; i++) {
      body.append("    v").append(i % 40).append(" += await(t);\n");
    }
    body.append("    return done(v0");
    for (int i = 1; i < 40; i++) {
      body.append(" + v").append(i);
    }
    body.append(");\n  }\n");
    TransformResult result = transform(body.toString());
    assertRejected(result, "error: Rej.big(Task) too large after transformation (", " bytes)", "split the method");
  }

  @Test
  void classVersionsOutsideJava8To25AreRejectedWhenTheyUseAsync() {
    Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of("fixtures.Rej", HEADER + "public class Rej {\n"
        + "  @Async static Task<Integer> one() { return done(1); }\n}\n"), List.of("--release", "17", "-g"));
    for (int major : new int[] {51, 70}) {
      byte[] bytes = classes.get("fixtures/Rej").clone();
      bytes[6] = (byte) (major >> 8);
      bytes[7] = (byte) major;
      TransformResult result = Transforming.results(Map.of("fixtures/Rej", bytes)).get("fixtures/Rej");
      assertRejected(result, major == 51 ? "class version 51 is older than Java 8"
          : "unsupported class file major version 70");
      assertArrayEquals(bytes, result.bytes(), "left as it was");
    }
  }

  @Test
  void allErrorsOfAClassReportedAtOnceAndInputKept() {
    TransformResult result = transform(""
        + "  static Integer one(Task<Integer> t) {\n"
        + "    return await(t);\n"
        + "  }\n"
        + "  @Async static Task<Integer> two(Task<Integer> t) {\n"
        + "    synchronized (Rej.class) { return done(await(t)); }\n"
        + "  }\n");
    assertEquals(2, result.diagnostics().size(), errors(result));
    Map<String, byte[]> again = InMemoryCompiler.compile(Map.of("fixtures.Rej", HEADER + "public class Rej {\n"
        + "  static Integer one(Task<Integer> t) {\n"
        + "    return await(t);\n"
        + "  }\n"
        + "  @Async static Task<Integer> two(Task<Integer> t) {\n"
        + "    synchronized (Rej.class) { return done(await(t)); }\n"
        + "  }\n}\n"), List.of("--release", "17", "-g"));
    assertArrayEquals(again.get("fixtures/Rej"), result.bytes(), "a rejected class is returned as it was");
  }

  @Test
  void noDebugInformationPointsAtTheClassFile() {
    Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of("fixtures.Rej", HEADER + "public class Rej {\n"
        + "  static Integer plain(Task<Integer> t) { return await(t); }\n}\n"), List.of("--release", "17", "-g:none"));
    TransformResult result = Transforming.results(classes).get("fixtures/Rej");
    assertRejected(result, "fixtures/Rej.class (no line numbers): error: await outside @Async method");
  }
}
