package dev.weft.transformer;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fixture under {@code src/test/resources/fixtures}, transformed, verified, run and compared with its twin. */
class CoverageTest {

  @ParameterizedTest
  @ValueSource(strings = {"Basics", "Kinds", "Construct", "Statements", "Exceptions", "Shapes"})
  void fixtureBehavesLikeItsSynchronousTwin(final String fixture) {
    new FixtureRunner(fixture).check(List.of("--release", "17", "-g"));
  }
}
