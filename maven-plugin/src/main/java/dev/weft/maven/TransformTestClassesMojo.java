package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the {@code @Async} methods of {@code target/test-classes} in place ({@code process-test-classes}),
 * so that tests may themselves be {@code @Async} or define async fixtures. Add the goal beside
 * {@code transform}:
 *
 * <pre>
 * &lt;goals&gt;
 *   &lt;goal&gt;transform&lt;/goal&gt;
 *   &lt;goal&gt;transform-test&lt;/goal&gt;
 * &lt;/goals&gt;
 * </pre>
 *
 * <p>Skipped when there is no test output directory (as with {@code -Dmaven.test.skip}) or with
 * {@code -Dweft.skip}.
 */
@Mojo(name = "transform-test", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.TEST)
public class TransformTestClassesMojo extends AbstractWeftMojo {

  /** The test classes to rewrite. */
  @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
  File testClassesDirectory;

  /** Where referenced classes live: the test class path (test and main output directories, dependencies). */
  @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
  List<String> testClasspathElements;

  /** The test source roots, to point errors at {@code src/test/java/...}. */
  @Parameter(defaultValue = "${project.testCompileSourceRoots}", readonly = true, required = true)
  List<String> testSourceRoots;

  @Override
  File classesDirectory() {
    return testClassesDirectory;
  }

  @Override
  List<String> classpathElements() {
    return testClasspathElements;
  }

  @Override
  List<String> sourceRoots() {
    return testSourceRoots;
  }
}
