package dev.weft.transformer.hierarchy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.transformer.support.ExternalCompiler;
import dev.weft.transformer.support.JdkImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JDK locators find every class of their image. Regression: the image's package index lists a module that only
 * holds sub-packages ({@code java.awt} names {@code java.datatransfer}, for {@code java/awt/datatransfer}), and the
 * locator used to search that module alone, so no {@code java.awt} class was found and a rewrite merging one was
 * rejected with "cannot find class java.awt.Font" (found by {@code JdkCorpusForcedRewriteTest}).
 */
class ClassFileLocatorTest {

  @Test
  void findsClassesOfAPackageWhoseNameIsAlsoTheParentOfAnotherModulesPackage() throws Exception {
    ClassFileLocator jdk = ClassFileLocator.forJdk();
    assertNotNull(jdk.locate("java/awt/Font"));
    assertNotNull(jdk.locate("java/awt/datatransfer/Clipboard"));
    assertNotNull(jdk.locate("java/lang/String"));
    assertNotNull(jdk.locate("java/lang/instrument/Instrumentation"));
    assertNull(jdk.locate("java/awt/NoSuchClass"));
    ClassFileLocator jdk25 = ClassFileLocator.forJdk(ExternalCompiler.jdk25());
    assertNotNull(jdk25.locate("java/awt/Font"));
    assertNotNull(jdk25.locate("java/lang/classfile/ClassFile"));
  }

  @Test
  void findsEveryClassOfTheRunningJdksImage() throws Exception {
    ClassFileLocator jdk = ClassFileLocator.forJdk();
    try (JdkImage image = JdkImage.running()) {
      List<JdkImage.Entry> classes = image.classes();
      int found = 0;
      for (JdkImage.Entry entry : classes) {
        byte[] bytes = jdk.locate(entry.name());
        assertNotNull(bytes, entry.name());
        // A class name is in one module only, so the bytes are the entry's own.
        assertArrayEquals(entry.bytes(), bytes, entry.name());
        found++;
      }
      System.out.printf("located all %d classes of the running JDK's image%n", found);
      assertEquals(classes.size(), found);
    }
  }
}
