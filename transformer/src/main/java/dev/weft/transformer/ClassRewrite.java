package dev.weft.transformer;

import dev.weft.transformer.hierarchy.ClassFileLocator;

/** One transformation of one class file (work in progress). */
final class ClassRewrite {
  private final byte[] input;
  private final ClassFileLocator classFiles;

  ClassRewrite(final byte[] input, final ClassFileLocator classFiles) {
    this.input = input;
    this.classFiles = classFiles;
  }

  TransformResult run() throws TransformException {
    return TransformResult.unchanged(null, input);
  }
}
