package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the {@code @Async} methods of {@code target/classes} in place, right after compilation
 * ({@code process-classes}), so that the jar, the tests and everything downstream see the transformed classes.
 *
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;dev.weft&lt;/groupId&gt;
 *   &lt;artifactId&gt;weft-maven-plugin&lt;/artifactId&gt;
 *   &lt;version&gt;${weft.version}&lt;/version&gt;
 *   &lt;executions&gt;
 *     &lt;execution&gt;
 *       &lt;goals&gt;
 *         &lt;goal&gt;transform&lt;/goal&gt;
 *       &lt;/goals&gt;
 *     &lt;/execution&gt;
 *   &lt;/executions&gt;
 * &lt;/plugin&gt;
 * </pre>
 *
 * <p>A rejected method fails the build with javac-style errors such as
 * {@code src/main/java/shop/Cart.java:42: error: await inside synchronized block in Cart.total()}, and then no
 * class is written. {@code -Dweft.skip} skips the goal.
 */
@Mojo(name = "transform", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class TransformClassesMojo extends AbstractWeftMojo {

  /** The classes to rewrite. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  File classesDirectory;

  /** Where referenced classes live: the compile class path (which includes the output directory). */
  @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
  List<String> classpathElements;

  /** The source roots, to point errors at {@code src/main/java/...}. */
  @Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
  List<String> sourceRoots;

  @Override
  File classesDirectory() {
    return classesDirectory;
  }

  @Override
  List<String> classpathElements() {
    return classpathElements;
  }

  @Override
  List<String> sourceRoots() {
    return sourceRoots;
  }
}
