package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fixtures.Fx;
import dev.weft.transformer.FixtureExecution.Outcome;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.CodeLength;
import dev.weft.transformer.support.InMemoryCompiler;
import dev.weft.transformer.support.LargeMethods;
import dev.weft.transformer.support.Transforming;
import dev.weft.transformer.support.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * TEST-PLAN #15: methods at the JVM's limits give either valid output (ASM's verifier accepts it, the JVM runs it with
 * the right result, with values complete and with every await suspending) or exactly one clear error naming the sizes
 * ({@code too large after transformation (N -> M bytes)}); never a raw {@code MethodTooLargeException},
 * {@code ClassTooLargeException} or {@code VerifyError}. Sources are generated ({@link LargeMethods}) and compiled by
 * javac here. A method of 65 KiB cannot be compiled at all (javac: "code too large"), so the 64 KiB boundary is
 * crossed by the rewrite itself: the largest method that still fits after rewriting, and the next, one statement
 * longer, that fits before but not after, are found from the measured sizes.
 */
class LargeMethodLimitsTest {

  private static final int LIMIT = 65_535;
  private static final Pattern TOO_LARGE = Pattern.compile("too large after transformation \\((\\d+) -> (\\d+) bytes\\)");

  @Test
  void sixtyKibMethodWithTenAwaitsIsRewrittenAndRuns() {
    int fillers = (60 * 1024 - 400) / LargeMethods.FILLER_BYTES;
    Map<String, byte[]> input = compile(Map.of("Sixty", LargeMethods.filled("Sixty", 10, fillers)));
    int size = runCodeLength(input.get("fixtures/Sixty"));
    assertTrue(size > 59 * 1024 && size < 61 * 1024, "input size " + size);
    Map<String, byte[]> output = Transforming.transformAll(input);
    int after = bodyCodeLength(output.get("fixtures/Sixty"));
    System.out.printf("limits: 60 KiB method with 10 awaits: %d -> %d bytes, rewritten%n", size, after);
    checkRuns(output, "Sixty", LargeMethods.filledResult(10, fillers), 10);
  }

  @Test
  void theSixtyFourKibBoundaryIsCrossedBothWays() {
    // Calibrate: the input grows by FILLER_BYTES per statement, the rewrite adds a fixed number of bytes.
    int probe = 4000;
    Map<String, byte[]> probes = compile(Map.of("Probe", LargeMethods.filled("Probe", 2, probe)));
    int probeSize = runCodeLength(probes.get("fixtures/Probe"));
    int added = bodyCodeLength(Transforming.transformAll(probes).get("fixtures/Probe")) - probeSize;
    int base = probeSize - probe * LargeMethods.FILLER_BYTES;
    int fits = (LIMIT - added - base) / LargeMethods.FILLER_BYTES;
    assertTrue(added > LargeMethods.FILLER_BYTES, "the rewrite adds " + added + " bytes");

    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("Fits", LargeMethods.filled("Fits", 2, fits));
    sources.put("Over", LargeMethods.filled("Over", 2, fits + 1));
    Map<String, byte[]> input = compile(sources);
    int fitsSize = runCodeLength(input.get("fixtures/Fits"));
    int overSize = runCodeLength(input.get("fixtures/Over"));
    Map<String, TransformResult> results = Transforming.results(input);

    TransformResult fitsResult = results.get("fixtures/Fits");
    assertEquals(TransformResult.Status.TRANSFORMED, fitsResult.status(), () -> fitsResult.diagnostics().toString());
    int fitsAfter = bodyCodeLength(fitsResult.bytes());
    assertTrue(fitsAfter <= LIMIT && fitsAfter > LIMIT - LargeMethods.FILLER_BYTES, "rewritten size " + fitsAfter);
    Map<String, byte[]> output = new LinkedHashMap<>(input);
    output.put("fixtures/Fits", fitsResult.bytes());
    checkRuns(output, "Fits", LargeMethods.filledResult(2, fits), 2);

    int[] sizes = tooLarge(results.get("fixtures/Over"), "Over.run()");
    assertTrue(overSize <= LIMIT, "the input fits: " + overSize);
    assertEquals(overSize, sizes[0], "N is the input's code length");
    assertTrue(sizes[1] > LIMIT, "M is over the limit: " + sizes[1]);
    System.out.printf("limits: the rewrite adds %d bytes to a 2-await method; %d -> %d bytes fits and runs, %d -> %d"
        + " bytes is reported too large%n", added, fitsSize, fitsAfter, sizes[0], sizes[1]);
  }

  @Test
  void sixtyFourKibMethodWithTwentyAwaitsIsReportedTooLarge() {
    int fillers = (64 * 1024 - 1200) / LargeMethods.FILLER_BYTES;
    Map<String, byte[]> input = compile(Map.of("Full", LargeMethods.filled("Full", 20, fillers)));
    int size = runCodeLength(input.get("fixtures/Full"));
    assertTrue(size > 63 * 1024 && size <= LIMIT, "input size " + size);
    int[] sizes = tooLarge(Transforming.results(input).get("fixtures/Full"), "Full.run()");
    assertEquals(size, sizes[0]);
    assertTrue(sizes[1] > LIMIT);
    System.out.printf("limits: 64 KiB method with 20 awaits: %d -> %d bytes, reported too large%n", sizes[0],
        sizes[1]);
  }

  @Test
  void twoHundredFiftyAwaitsInOneMethod() {
    Map<String, byte[]> output = Transforming.transformAll(compile(Map.of("Many",
        LargeMethods.manyAwaits("Many", 250))));
    System.out.printf("limits: 250 awaits: body %d bytes%n", bodyCodeLength(output.get("fixtures/Many")));
    checkRuns(output, "Many", String.valueOf(250 * 249 / 2), 250);
  }

  @Test
  void twoHundredFiftyFiveWideLocalsLiveAcrossAwaits() {
    Map<String, byte[]> output = Transforming.transformAll(compile(Map.of("Wide",
        LargeMethods.wideLocals("Wide", 255))));
    System.out.printf("limits: 255 long/double locals (%d slots) live across 3 awaits: body %d bytes%n", 2 * 255,
        bodyCodeLength(output.get("fixtures/Wide")));
    checkRuns(output, "Wide", LargeMethods.wideLocalsResult(255), 3);
  }

  @Test
  void theConstantPoolLimitIsCrossedBothWays() {
    Map<String, byte[]> input = compile(Map.of("Pool", LargeMethods.filled("Pool", 2, 10)));
    byte[] plain = input.get("fixtures/Pool");
    int plainAfter = CodeLength.constantPoolCount(Transforming.transformAll(input).get("fixtures/Pool"));
    int room = LIMIT - plainAfter; // unused constants that still leave room for what the rewrite adds

    Map<String, byte[]> fits = new LinkedHashMap<>(input);
    fits.put("fixtures/Pool", withUnusedConstants(plain, room));
    Map<String, byte[]> output = Transforming.transformAll(fits);
    int fitsAfter = CodeLength.constantPoolCount(output.get("fixtures/Pool"));
    assertEquals(LIMIT, fitsAfter, "constant_pool_count of the rewritten class at the limit");
    checkRuns(output, "Pool", LargeMethods.filledResult(2, 10), 2);

    Map<String, byte[]> over = new LinkedHashMap<>(input);
    over.put("fixtures/Pool", withUnusedConstants(plain, room + 1));
    TransformResult result = Transforming.results(over).get("fixtures/Pool");
    assertEquals(TransformResult.Status.REJECTED, result.status());
    assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
    String text = result.diagnostics().get(0).format();
    int before = CodeLength.constantPoolCount(over.get("fixtures/Pool")) - 1;
    assertTrue(text.contains("fixtures.Pool too large after transformation (constant pool: " + before + " -> "
        + LIMIT + " entries)") && text.contains("Fix: move some methods"), text);
    System.out.printf("limits: constant pool: %d entries + %d the rewrite adds fit (%d) and run; one entry more is"
        + " reported: %s%n", fitsAfter - 1 - (plainAfter - CodeLength.constantPoolCount(plain)),
        plainAfter - CodeLength.constantPoolCount(plain), fitsAfter - 1, text.lines().findFirst().orElse(""));
  }

  /** {@code classFile} with {@code count} more constants that nothing uses: names of unused static fields. */
  private static byte[] withUnusedConstants(final byte[] classFile, final int count) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visitEnd() {
        for (int i = 0; i < count; i++) {
          cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "unused" + i, "I", null, null).visitEnd();
        }
        super.visitEnd();
      }
    }, 0);
    return writer.toByteArray();
  }

  /** The one diagnostic of a rejected class must be the size error; returns its N and M. */
  private static int[] tooLarge(final TransformResult result, final String method) {
    assertEquals(TransformResult.Status.REJECTED, result.status());
    assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
    String text = result.diagnostics().get(0).format();
    Matcher sizes = TOO_LARGE.matcher(text);
    assertTrue(sizes.find() && text.contains(method) && text.contains("Fix: split the method"), text);
    return new int[] {Integer.parseInt(sizes.group(1)), Integer.parseInt(sizes.group(2))};
  }

  /** Verifies the rewritten classes, then runs {@code name}: the expected result, with 0 and with all suspensions. */
  private static void checkRuns(final Map<String, byte[]> output, final String name, final String expected,
      final int awaits) {
    Verification.verifyAll(output);
    Outcome immediate = FixtureExecution.run(new ClassBytesLoader(output), name, Fx.Mode.IMMEDIATE);
    assertEquals(expected, immediate.result(), name + " with complete values");
    assertEquals(0, immediate.suspensions());
    Outcome delayed = FixtureExecution.run(new ClassBytesLoader(output), name, Fx.Mode.DELAYED);
    assertEquals(expected, delayed.result(), name + " with suspending values");
    assertEquals(awaits, delayed.suspensions(), name + " suspends once per await");
  }

  private static Map<String, byte[]> compile(final Map<String, String> sources) {
    Map<String, String> named = new LinkedHashMap<>();
    sources.forEach((name, text) -> named.put("fixtures." + name, text));
    return InMemoryCompiler.compile(named, List.of("--release", "17", "-g"));
  }

  /** The code length of the input's {@code run()}. */
  private static int runCodeLength(final byte[] classFile) {
    return CodeLength.of(classFile).get("run()Ldev/weft/Task;");
  }

  /** The code length of the rewritten {@code run()}'s state machine (the body taking the coroutine). */
  private static int bodyCodeLength(final byte[] classFile) {
    return CodeLength.of(classFile).get("run(Ldev/weft/internal/Coroutine;)Ldev/weft/Task;");
  }
}
