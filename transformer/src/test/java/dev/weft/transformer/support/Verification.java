package dev.weft.transformer.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** Runs ASM's data-flow verifier over class files and fails with its report, frames included. */
public final class Verification {

  private Verification() {}

  /** Verifies every class of {@code classes} (internal name to bytes), resolving types through them. */
  public static void verifyAll(final Map<String, byte[]> classes) {
    ClassLoader loader = new ClassBytesLoader(classes);
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      StringWriter report = new StringWriter();
      CheckClassAdapter.verify(new ClassReader(entry.getValue()), loader, false, new PrintWriter(report));
      if (!report.toString().isEmpty()) {
        throw new AssertionError("verifier rejected " + entry.getKey() + ":\n" + report);
      }
    }
  }
}
