package dev.weft.transformer.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources held in memory with the running JDK's javac; class files stay in memory too. */
public final class InMemoryCompiler {

  private InMemoryCompiler() {}

  /**
   * @param sources source text by binary class name of its top-level class (e.g. {@code pkg.Name})
   * @param options javac options, e.g. {@code --release 17, -g}
   * @return class files by internal name, sorted
   */
  public static Map<String, byte[]> compile(final Map<String, String> sources, final List<String> options) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(final Location location, final String className,
          final JavaFileObject.Kind kind, final FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outputs.put(className.replace('.', '/'), out);
            return out;
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, text) -> units.add(
        new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"),
            JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(final boolean ignoreEncodingErrors) {
            return text;
          }
        }));
    List<String> all = new ArrayList<>(options);
    all.add("-classpath");
    all.add(System.getProperty("java.class.path"));
    boolean ok = javac.getTask(null, files, diagnostics, all, null, units).call();
    if (!ok) {
      StringBuilder text = new StringBuilder("compilation failed:\n");
      for (Diagnostic<?> d : diagnostics.getDiagnostics()) {
        text.append(d).append('\n');
      }
      throw new AssertionError(text);
    }
    Map<String, byte[]> classes = new TreeMap<>();
    outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
    return classes;
  }
}
