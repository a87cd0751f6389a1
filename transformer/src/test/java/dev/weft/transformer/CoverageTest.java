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

  static final List<String> FIXTURES = List.of("Basics", "Kinds", "Construct", "Statements", "Exceptions",
      "Shapes", "Patterns");
  static final int[] RELEASES = {8, 11, 17, 21, 25};

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
