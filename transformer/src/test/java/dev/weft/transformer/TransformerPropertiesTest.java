package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.Verification;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.TraceMethodVisitor;
import org.objectweb.asm.util.Textifier;

/** Properties of the transformer's output that hold for every class: identity, idempotence, debug info. */
class TransformerPropertiesTest {

  private static final String SOURCE = ""
      + "package fixtures;\n"
      + "import static dev.weft.Weft.*;\n"
      + "import dev.weft.Async;\n"
      + "import dev.weft.Task;\n"
      + "public class Props {\n"
      + "  static int untouched(int x) {\n"
      + "    int y = x;\n"
      + "    for (int i = 0; i < 3; i++) { y += i; }\n"
      + "    return y;\n"
      + "  }\n"
      + "  @Async public static Task<String> run() {\n"
      + "    String greeting = \"hello\";\n"
      + "    await(sleep(0));\n"
      + "    String second = await(spawn(() -> done(\"world\")));\n"
      + "    if (second.equals(\"world\")) {\n"
      + "      throw new IllegalStateException(greeting + \" \" + second);\n" // line 16
      + "    }\n"
      + "    return done(greeting);\n"
      + "  }\n"
      + "}\n";

  private static final List<String> JAVAC = List.of("--release", "17", "-g");

  private static Map<String, byte[]> compiled() {
    return InMemoryCompiler.compile(Map.of("fixtures.Props", SOURCE), JAVAC);
  }

  @Test
  void classesWithoutAsyncAreReturnedByteIdentical() throws Exception {
    Map<String, byte[]> plain = InMemoryCompiler.compile(Map.of("fixtures.Plain",
        "package fixtures; public class Plain { int f(int x) { return x * 2; } }"), JAVAC);
    byte[] input = plain.get("fixtures/Plain");
    TransformResult result = new AsyncClassTransformer(name -> null).transform(input);
    assertEquals(TransformResult.Status.UNCHANGED, result.status());
    assertArrayEquals(input, result.bytes());
    assertTrue(!AsyncClassTransformer.isCandidate(input));
  }

  @Test
  void secondTransformationIsANoOpAndOutputIsDeterministic() {
    Map<String, byte[]> once = Transforming.transformAll(compiled());
    Map<String, byte[]> again = Transforming.transformAll(compiled());
    assertArrayEquals(once.get("fixtures/Props"), again.get("fixtures/Props"), "deterministic");
    Map<String, TransformResult> twice = Transforming.results(once);
    assertEquals(TransformResult.Status.UNCHANGED, twice.get("fixtures/Props").status());
    assertArrayEquals(once.get("fixtures/Props"), twice.get("fixtures/Props").bytes(), "idempotent");
  }

  @Test
  void methodsThatAreNotRewrittenKeepTheirCodeAndFrames() {
    byte[] before = compiled().get("fixtures/Props");
    byte[] after = Transforming.transformAll(compiled()).get("fixtures/Props");
    assertEquals(text(method(before, "untouched")), text(method(after, "untouched")));
  }

  @Test
  void lineNumbersAndLocalNamesSurviveResumption() throws Exception {
    Map<String, byte[]> transformed = Transforming.transformAll(compiled());
    Verification.verifyAll(transformed);
    Method run = new ClassBytesLoader(transformed).loadClass("fixtures.Props").getMethod("run");
    IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Weft.run(() -> invoke(run)));
    assertEquals("hello world", thrown.getMessage());
    StackTraceElement top = thrown.getStackTrace()[0];
    assertEquals("run", top.getMethodName());
    assertEquals(16, top.getLineNumber(), "the user's line, after two suspensions");

    MethodNode body = ClassReaderSupport.methods(transformed.get("fixtures/Props")).stream()
        .filter(m -> m.name.equals("run") && m.desc.contains("Coroutine")).findFirst().orElseThrow();
    List<String> names = body.localVariables.stream().map(v -> v.name).collect(Collectors.toList());
    assertTrue(names.containsAll(List.of("greeting", "second")), names::toString);
  }

  private static Task<?> invoke(final Method method) {
    try {
      return (Task<?>) method.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static MethodNode method(final byte[] bytes, final String name) {
    return ClassReaderSupport.methods(bytes).stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
  }

  private static String text(final MethodNode method) {
    Textifier printer = new Textifier();
    method.accept(new TraceMethodVisitor(printer));
    StringWriter out = new StringWriter();
    printer.print(new PrintWriter(out));
    assertNotNull(method.instructions);
    return out.toString();
  }

  /** Reads a class into a tree. */
  static final class ClassReaderSupport {
    static List<MethodNode> methods(final byte[] bytes) {
      ClassNode node = new ClassNode();
      new ClassReader(bytes).accept(node, 0);
      return node.methods;
    }
  }

  @SuppressWarnings("unused")
  private static LocalVariableNode unused;
}
