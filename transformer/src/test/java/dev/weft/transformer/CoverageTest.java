package dev.weft.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture under {@code src/test/resources/fixtures}, compiled with every {@code --release} from its minimum up
 * (8, 11, 17 with this JDK's javac; 21 and 25 with JDK 25's), transformed, verified, run and compared with its
 * synchronous twin.
 */
class CoverageTest {

  /** Every fixture file, so a new one is covered here as it is by the three end-to-end paths. */
  static final List<String> FIXTURES = fixtureNames();
  static final int[] RELEASES = {8, 11, 17, 21, 25};

  private static List<String> fixtureNames() {
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(
        java.nio.file.Path.of(CoverageTest.class.getResource("/fixtures").toURI()))) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length())).sorted().collect(java.util.stream.Collectors.toList());
      if (names.size() < 7) {
        throw new AssertionError("fixtures missing: " + names);
      }
      return names;
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> fixturesByRelease() {
    List<Arguments> all = new ArrayList<>();
    for (String fixture : FIXTURES) {
      int minimum = new FixtureRunner(fixture).minimumRelease();
      for (int release : RELEASES) {
        if (release >= minimum) {
          all.add(Arguments.of(fixture, release));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} --release {1}")
  @MethodSource("fixturesByRelease")
  void fixtureBehavesLikeItsSynchronousTwin(final String fixture, final int release) {
    new FixtureRunner(fixture).check(release);
  }
}
