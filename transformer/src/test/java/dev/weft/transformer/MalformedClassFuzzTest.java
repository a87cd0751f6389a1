package dev.weft.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.support.ClassBytesLoader;
import dev.weft.transformer.support.InMemoryCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A mutation fuzzer for the transformer as a library: class files of the fixtures, with bytes flipped, runs
 * overwritten, entries truncated or duplicated. For every input the transformer either throws
 * {@link TransformException} or returns a result; it never throws anything else and never hangs, a transformed
 * output can always be read again, and when the input passes ASM's verifier the output does too. The count is
 * {@code -Dweft.fuzz.mutations} (default 3000; 100,000 with {@code -Dweft.long=true}).
 */
class MalformedClassFuzzTest {

  private static final int MUTATIONS =
      Integer.getInteger("weft.fuzz.mutations", Boolean.getBoolean("weft.long") ? 100_000 : 3000);

  @Test
  void mutatedClassFilesFailClosed() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    Map<String, byte[]> byName = new java.util.HashMap<>();
    for (String fixture : List.of("Basics", "Kinds", "Construct", "Exceptions")) {
      Map<String, byte[]> classes = InMemoryCompiler.compile(
          Map.of("fixtures." + fixture, FixtureRunner.read("/fixtures/" + fixture + ".java").replace("// release: 17", "")),
          List.of("--release", "17", "-g"));
      classes.values().stream().filter(AsyncClassTransformer::isCandidate).forEach(seeds::add);
      byName.putAll(classes);
    }
    ClassFileLocator locator = ClassFileLocator.compound(byName::get,
        ClassFileLocator.forClassLoader(getClass().getClassLoader()));
    AsyncClassTransformer transformer = new AsyncClassTransformer(locator);
    Random random = new Random(Long.getLong("weft.fuzz.seed", 7));
    int transformed = 0;
    int rejected = 0;
    int malformed = 0;
    int jvmChecked = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      TransformResult result;
      try {
        result = transformer.transform(input);
      } catch (TransformException expected) {
        malformed++;
        continue;
      } catch (Throwable escaped) {
        throw new AssertionError("mutation " + i + ": the transformer threw " + escaped, escaped);
      }
      if (result.status() == TransformResult.Status.REJECTED) {
        rejected++;
      } else if (result.status() == TransformResult.Status.TRANSFORMED) {
        transformed++;
        new ClassReader(result.bytes()).accept(new org.objectweb.asm.tree.ClassNode(), 0);
        if (verification(input, byName).isEmpty()) {
          String report = verification(result.bytes(), byName);
          if (!report.isEmpty() && System.getProperty("weft.fuzz.dump") != null) {
            java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("weft.fuzz.dump"), "in.class"), input);
            java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("weft.fuzz.dump"), "out.class"),
                result.bytes());
          }
          // A mutated name can point at a class that does not exist (say, a super class java/lang/Objecu): the
          // input only "verified" because ASM's verifier never needed to load it. Such an input cannot load.
          boolean inputNamesAMissingClass = report.contains("not present");
          assertTrue(report.isEmpty() || inputNamesAMissingClass,
              "mutation " + i + ": a verifiable input gave an unverifiable output:\n" + report);
        }
        // The JVM's own verifier: an input it links, it must link the output too.
        String jvmOnInput = jvmLinks(input, byName);
        if (jvmOnInput == null) {
          String jvmOnOutput = jvmLinks(result.bytes(), byName);
          assertTrue(jvmOnOutput == null, "mutation " + i + ": the JVM linked the input but not the output: "
              + jvmOnOutput);
          jvmChecked++;
        }
      }
    }
    System.out.printf("fuzz: %d mutations: %d transformed (%d of them linked by the JVM before and after), %d rejected,"
        + " %d malformed, %d unchanged%n", MUTATIONS, transformed, jvmChecked, rejected, malformed,
        MUTATIONS - transformed - rejected - malformed);
    assertTrue(jvmChecked > 0, "no transformed output was checked by the JVM");
    // A fuzzer that only meets rejections proves nothing (TEST-PLAN.md: at least half must reach the rewrite and
    // pass). Blind byte mutations reach it about a fifth of the time; structural ones about three times in four.
    assertTrue(transformed >= MUTATIONS / 2, "too few mutations reach the rewrite: " + transformed);
  }

  /** Two times in three a structural change of a well-formed class, otherwise a blind corruption of its bytes. */
  private static byte[] mutate(final byte[] seed, final Random random) {
    return random.nextInt(3) != 0 ? mutateStructure(seed, random) : mutateBytes(seed, random);
  }

  /**
   * A well-formed class with different code, so the input reaches the rewrite: an int constant changed, a
   * conditional jump inverted, two adjacent loads or stores of the same kind swapped, or a local's slot in a load
   * or store moved. Written without recomputing frames, so the result may or may not verify: both are inputs.
   */
  private static byte[] mutateStructure(final byte[] seed, final Random random) {
    org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
    new ClassReader(seed).accept(node, 0);
    List<org.objectweb.asm.tree.MethodNode> withCode = node.methods.stream()
        .filter(m -> m.instructions != null && m.instructions.size() > 0).collect(java.util.stream.Collectors.toList());
    if (withCode.isEmpty()) {
      return seed.clone();
    }
    org.objectweb.asm.tree.InsnList code = withCode.get(random.nextInt(withCode.size())).instructions;
    for (int tries = 0; tries < 20; tries++) {
      org.objectweb.asm.tree.AbstractInsnNode insn = code.get(random.nextInt(code.size()));
      int op = insn.getOpcode();
      if (insn instanceof org.objectweb.asm.tree.IntInsnNode value && op != org.objectweb.asm.Opcodes.NEWARRAY) {
        value.operand = op == org.objectweb.asm.Opcodes.BIPUSH ? random.nextInt(256) - 128 : random.nextInt(65536)
            - 32768;
        break;
      }
      if (insn instanceof org.objectweb.asm.tree.LdcInsnNode ldc && ldc.cst instanceof Integer) {
        ldc.cst = random.nextInt();
        break;
      }
      if (insn instanceof org.objectweb.asm.tree.JumpInsnNode jump && op >= org.objectweb.asm.Opcodes.IFEQ
          && op <= org.objectweb.asm.Opcodes.IF_ACMPNE) {
        // IFEQ/IFNE, IFLT/IFGE, ... come in pairs whose opcodes differ in the lowest bit (offset from IFEQ).
        jump.setOpcode(org.objectweb.asm.Opcodes.IFEQ + ((op - org.objectweb.asm.Opcodes.IFEQ) ^ 1));
        break;
      }
      if (insn instanceof org.objectweb.asm.tree.VarInsnNode var && insn.getNext() instanceof
          org.objectweb.asm.tree.VarInsnNode next && next.getOpcode() == op && random.nextBoolean()) {
        int slot = var.var;
        var.var = next.var;
        next.var = slot;
        break;
      }
      if (insn instanceof org.objectweb.asm.tree.VarInsnNode var && var.var > 0) {
        var.var = random.nextInt(var.var + 2);
        break;
      }
    }
    org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
    node.accept(writer);
    return writer.toByteArray();
  }

  /** One random corruption: a flipped byte, an overwritten run, a truncation, or a duplicated run. */
  private static byte[] mutateBytes(final byte[] seed, final Random random) {
    byte[] bytes = seed.clone();
    int at = random.nextInt(bytes.length);
    switch (random.nextInt(4)) {
      case 0:
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return bytes;
      case 1:
        for (int i = at; i < Math.min(bytes.length, at + 1 + random.nextInt(8)); i++) {
          bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
      case 2:
        return java.util.Arrays.copyOf(bytes, at);
      default:
        int length = Math.min(1 + random.nextInt(16), bytes.length - at);
        byte[] longer = new byte[bytes.length + length];
        System.arraycopy(bytes, 0, longer, 0, at + length);
        System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
        return longer;
    }
  }

  /**
   * Defines {@code classFile} in a fresh loader (its unmutated siblings beside it) and links it, which runs the JVM's
   * verifier without initialising the class ({@code getDeclaredMethods} links). Returns null when it links, else
   * the error.
   */
  private static String jvmLinks(final byte[] classFile, final Map<String, byte[]> siblings) {
    try {
      String name = new ClassReader(classFile).getClassName();
      Map<String, byte[]> classes = new java.util.HashMap<>(siblings);
      classes.put(name, classFile);
      new ClassBytesLoader(classes).loadClass(name.replace('/', '.')).getDeclaredMethods();
      return null;
    } catch (LinkageError | ClassNotFoundException | RuntimeException rejected) {
      return rejected.toString();
    }
  }

  /** ASM's verifier's report on {@code classFile} (empty when it verifies), its siblings loadable. */
  private static String verification(final byte[] classFile, final Map<String, byte[]> siblings) {
    try {
      StringWriter report = new StringWriter();
      CheckClassAdapter.verify(new ClassReader(classFile), new ClassBytesLoader(siblings), false,
          new PrintWriter(report));
      return report.toString();
    } catch (RuntimeException | LinkageError broken) {
      return "verifier failed: " + broken;
    }
  }
}
