package dev.weft.transformer.support;

import dev.weft.transformer.hierarchy.ClassHierarchy;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * The class-hierarchy questions a verifier asks, answered either by loading classes ({@link #loading}: independent of
 * the transformer's own hierarchy code) or from class files through a {@link ClassHierarchy} ({@link #reading}: for
 * another JDK's classes, which this JVM cannot load). Thread-safe as its source is.
 */
public interface TypeFacts {

  /** @param internalName a class or interface, e.g. {@code java/util/List} */
  boolean isInterface(String internalName);

  /** The super class's internal name; null for {@code java/lang/Object}. */
  String superName(String internalName);

  /** Is class or interface {@code sub} a subtype of {@code sup} (both internal names, not arrays)? */
  boolean isSubtype(String sub, String sup);

  /** Facts from classes loaded (never initialised) by {@code loader}. */
  static TypeFacts loading(final ClassLoader loader) {
    return new TypeFacts() {
      private Class<?> load(final String internalName) {
        try {
          return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
          throw new TypeNotPresentException(internalName, e);
        }
      }

      @Override
      public boolean isInterface(final String internalName) {
        return load(internalName).isInterface();
      }

      @Override
      public String superName(final String internalName) {
        Class<?> superClass = load(internalName).getSuperclass();
        return superClass == null ? (isInterface(internalName) ? "java/lang/Object" : null)
            : superClass.getName().replace('.', '/');
      }

      @Override
      public boolean isSubtype(final String sub, final String sup) {
        return load(sup).isAssignableFrom(load(sub));
      }
    };
  }

  /** Facts read from class files. */
  static TypeFacts reading(final ClassHierarchy hierarchy) {
    return new TypeFacts() {
      @Override
      public boolean isInterface(final String internalName) {
        return hierarchy.isInterface(internalName);
      }

      @Override
      public String superName(final String internalName) {
        return hierarchy.superName(internalName);
      }

      @Override
      public boolean isSubtype(final String sub, final String sup) {
        return hierarchy.isSubclassOrImplementation(sub, sup);
      }
    };
  }

  /**
   * The JVM verifier's assignability of a value of type {@code from} to a declared {@code to} (both reference types;
   * {@code Lnull;} is the null type): exact for classes and arrays, while an interface accepts any reference, as the
   * JVM checks interfaces only at the call.
   */
  default boolean isAssignable(final Type from, final Type to) {
    if (from.getDescriptor().equals("Lnull;") || from.equals(to)) {
      return true;
    }
    if (to.getSort() == Type.ARRAY) {
      if (from.getSort() != Type.ARRAY) {
        return false;
      }
      Type toElement = Type.getType(to.getDescriptor().substring(1));
      Type fromElement = Type.getType(from.getDescriptor().substring(1));
      return isReference(toElement) && isReference(fromElement) ? isAssignable(fromElement, toElement)
          : toElement.equals(fromElement);
    }
    String target = to.getInternalName();
    if (target.equals("java/lang/Object") || isInterface(target)) {
      return true;
    }
    return from.getSort() == Type.OBJECT && isSubtype(from.getInternalName(), target);
  }

  /** Is {@code type} a class, interface or array type? */
  static boolean isReference(final Type type) {
    return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
  }

  /**
   * ASM's {@link SimpleVerifier} (it computes the exact types flowing into each instruction and checks every use)
   * with its class questions answered by these facts.
   */
  default SimpleVerifier verifier(final Type currentClass, final Type superClass, final List<Type> interfaces,
      final boolean isInterface) {
    TypeFacts facts = this;
    return new SimpleVerifier(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface) {
      @Override
      protected boolean isInterface(final Type type) {
        return type.getSort() == Type.OBJECT && facts.isInterface(type.getInternalName());
      }

      @Override
      protected Type getSuperClass(final Type type) {
        if (type.getSort() != Type.OBJECT) {
          return Type.getObjectType("java/lang/Object"); // arrays
        }
        String superName = facts.superName(type.getInternalName());
        return superName == null ? null : Type.getObjectType(superName);
      }

      /** SimpleVerifier's contract: exact assignability, interfaces included (merges rely on it). */
      @Override
      protected boolean isAssignableFrom(final Type type1, final Type type2) {
        if (type1.equals(type2)) {
          return true;
        }
        if (type1.getSort() == Type.ARRAY) {
          if (type2.getSort() != Type.ARRAY) {
            return false;
          }
          Type e1 = Type.getType(type1.getDescriptor().substring(1));
          Type e2 = Type.getType(type2.getDescriptor().substring(1));
          return isReference(e1) && isReference(e2) ? isAssignableFrom(e1, e2) : e1.equals(e2);
        }
        if (type1.getSort() != Type.OBJECT) {
          return false;
        }
        String target = type1.getInternalName();
        if (type2.getSort() == Type.ARRAY) {
          return target.equals("java/lang/Object") || target.equals("java/lang/Cloneable")
              || target.equals("java/io/Serializable");
        }
        return type2.getSort() == Type.OBJECT && facts.isSubtype(type2.getInternalName(), target);
      }

      /**
       * {@link SimpleVerifier#isSubTypeOf} asks a {@link Class} one question once the facts said no: is the expected
       * type an interface (then any reference passes, as in the JVM)? A stand-in answers it.
       */
      @Override
      protected Class<?> getClass(final Type type) {
        return isInterface(type) ? Runnable.class : Object.class;
      }
    };
  }
}
