package dev.weft.transformer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.transformer.hierarchy.ClassFileLocator;
import dev.weft.transformer.hierarchy.ClassHierarchy;
import dev.weft.transformer.hierarchy.MissingClassException;
import dev.weft.transformer.support.Corpora;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The types read from stack maps against the types inferred by ASM's {@code Analyzer}, over every method of Guava
 * and jackson-databind: the stack-map pass handles every one of them, finds the same reachable code and the same
 * edges, the same stack shapes, a declared local of the same kind wherever one is inferred (the compiler may
 * declare a dead local as TOP, never the other way round) and a typed local wherever a local is live.
 */
class StackMapFlowTest {

  @Test
  void agreesWithInferenceOnGuavaAndJackson() throws Exception {
    ClassHierarchy hierarchy = new ClassHierarchy(ClassFileLocator.compound(
        ClassFileLocator.forClassLoader(getClass().getClassLoader()), ClassFileLocator.forJdk()));
    List<byte[]> corpus = new ArrayList<>(Corpora.jar("guava-"));
    corpus.addAll(Corpora.jar("jackson-databind-"));
    int methods = 0;
    int instructions = 0;
    int inferenceMissingClass = 0;
    for (byte[] classFile : corpus) {
      ClassNode owner = new ClassNode();
      new ClassReader(classFile).accept(owner, ClassReader.EXPAND_FRAMES);
      for (MethodNode method : owner.methods) {
        if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
          continue;
        }
        String where = owner.name + "." + method.name + method.desc;
        MethodFlow declared = StackMapFlow.analyze(owner.name, method, MethodFlow.interpreter(owner, hierarchy));
        assertNotNull(declared, where + ": the stack map did not serve");
        MethodFlow inferred;
        try {
          inferred = MethodFlow.infer(owner, method, hierarchy);
        } catch (MissingClassException optionalDependency) {
          inferenceMissingClass++; // a merge needs a class of an optional dependency; the stack map needs none
          continue;
        }
        compare(where, declared, inferred);
        checkLiveLocalsAreTyped(where, method, declared);
        methods++;
        instructions += method.instructions.size();
      }
    }
    System.out.printf("stack maps vs inference: %d methods, %d instructions agree (%d skipped: inference needs a"
        + " class not on the class path)%n", methods, instructions, inferenceMissingClass);
    assertTrue(methods > 20_000, "methods compared: " + methods);
  }

  private static void compare(final String where, final MethodFlow declared, final MethodFlow inferred) {
    assertEquals(inferred.frames.length, declared.frames.length, where);
    for (int i = 0; i < declared.frames.length; i++) {
      Frame<BasicValue> d = declared.frames[i];
      Frame<BasicValue> f = inferred.frames[i];
      String at = where + " #" + i;
      assertEquals(f == null, d == null, at + ": reachability");
      assertArrayEquals(sorted(inferred.successors[i]), sorted(declared.successors[i]), at + ": successors");
      assertArrayEquals(sorted(inferred.handlers[i]), sorted(declared.handlers[i]), at + ": handlers");
      if (d == null) {
        continue;
      }
      assertEquals(f.getStackSize(), d.getStackSize(), at + ": stack size");
      for (int s = 0; s < d.getStackSize(); s++) {
        assertEquals(kind(f.getStack(s)), kind(d.getStack(s)), at + ": stack " + s);
      }
      assertEquals(f.getLocals(), d.getLocals(), at);
      for (int l = 0; l < d.getLocals(); l++) {
        String dk = kind(d.getLocal(l));
        if (!dk.equals("top")) {
          assertEquals(kind(f.getLocal(l)), dk, at + ": local " + l);
        }
      }
    }
  }

  private static void checkLiveLocalsAreTyped(final String where, final MethodNode method, final MethodFlow flow) {
    LiveLocals live = LiveLocals.compute(method.instructions, flow);
    for (int i = 0; i < flow.frames.length; i++) {
      Frame<BasicValue> frame = flow.frames[i];
      if (frame == null) {
        continue;
      }
      BitSet before = live.before(i);
      for (int l = before.nextSetBit(0); l >= 0; l = before.nextSetBit(l + 1)) {
        if (kind(frame.getLocal(l)).equals("top")) {
          fail(where + " #" + i + ": local " + l + " is live but declared TOP");
        }
      }
    }
  }

  private static String kind(final BasicValue value) {
    if (value instanceof UninitializedValue u) {
      return "new@" + System.identityHashCode(u.newInsn);
    }
    Type type = value.getType();
    if (type == null) {
      return "top";
    }
    return switch (type.getSort()) {
      case Type.OBJECT, Type.ARRAY -> "ref";
      case Type.LONG -> "long";
      case Type.DOUBLE -> "double";
      case Type.FLOAT -> "float";
      default -> "int";
    };
  }

  private static int[] sorted(final int[] values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
