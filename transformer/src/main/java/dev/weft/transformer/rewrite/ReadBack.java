package dev.weft.transformer.rewrite;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.TypePath;
import java.util.Set;

/**
 * Reads back what a written class copied from its input (every other method's code, every annotation) without
 * building anything: those parts are copied as they were, and a damaged one must fail here rather than leave
 * looking like our output. The methods we wrote ourselves are skipped: ASM wrote them from our trees. A visitor
 * that asks for everything else, so the reader parses everything else; much cheaper than a tree.
 */
public final class ReadBack {

  private ReadBack() {
    throw new AssertionError();
  }

  /**
   * @param written {@code name + descriptor} of the methods we wrote (not read back)
   * @throws RuntimeException (from ASM) when {@code classFile} cannot be read
   */
  public static void check(final byte[] classFile, final Set<String> written) {
    new ClassReader(classFile).accept(new Classes(written), 0);
  }

  private static final class Annotations extends AnnotationVisitor {
    Annotations() {
      super(Opcodes.ASM9);
    }

    @Override
    public AnnotationVisitor visitAnnotation(final String name, final String descriptor) {
      return this;
    }

    @Override
    public AnnotationVisitor visitArray(final String name) {
      return this;
    }
  }

  private static final class Classes extends ClassVisitor {
    private final Set<String> written;
    private final Annotations annotations = new Annotations();
    private final Methods methods = new Methods(annotations);
    private final FieldVisitor fields = new FieldVisitor(Opcodes.ASM9) {
      @Override
      public AnnotationVisitor visitAnnotation(final String descriptor, final boolean visible) {
        return annotations;
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(final int typeRef, final TypePath typePath,
          final String descriptor, final boolean visible) {
        return annotations;
      }
    };

    private final RecordComponentVisitor records = new RecordComponentVisitor(Opcodes.ASM9) {
      @Override
      public AnnotationVisitor visitAnnotation(final String descriptor, final boolean visible) {
        return annotations;
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(final int typeRef, final TypePath typePath,
          final String descriptor, final boolean visible) {
        return annotations;
      }
    };

    Classes(final Set<String> written) {
      super(Opcodes.ASM9);
      this.written = written;
    }

    @Override
    public AnnotationVisitor visitAnnotation(final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(final int typeRef, final TypePath typePath,
        final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public RecordComponentVisitor visitRecordComponent(final String name, final String descriptor,
        final String signature) {
      return records;
    }

    @Override
    public FieldVisitor visitField(final int access, final String name, final String descriptor,
        final String signature, final Object value) {
      return fields;
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions) {
      return written.contains(name + descriptor) ? null : methods;
    }
  }

  private static final class Methods extends MethodVisitor {
    private final Annotations annotations;

    Methods(final Annotations annotations) {
      super(Opcodes.ASM9);
      this.annotations = annotations;
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitAnnotation(final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(final int typeRef, final TypePath typePath,
        final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(final int parameter, final String descriptor,
        final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(final int typeRef, final TypePath typePath,
        final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(final int typeRef, final TypePath typePath,
        final String descriptor, final boolean visible) {
      return annotations;
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(final int typeRef, final TypePath typePath,
        final Label[] start, final Label[] end, final int[] index, final String descriptor,
        final boolean visible) {
      return annotations;
    }
  }
}
