package dev.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command-line path for every coverage fixture: {@code java -jar weft-transformer.jar --classpath
 * weft-runtime.jar DIR} rewrites a copy of the fixture's classes in place (once per fixture, on the JDK the
 * fixture runs on), then a plain child JVM (no agent) runs them once with values already complete (no
 * suspension) and once with values completing later (real suspensions), each printing what the synchronous twin
 * prints.
 */
class FixtureCommandLinePathTest {

    /** The rewritten copy of each fixture's classes, by fixture; shared by its two modes. */
    private static final Map<Fixture, Path> TRANSFORMED = new HashMap<>();

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.weft.it.Fixture#inBothModes")
    void transformedFixtureBehavesLikeItsTwin(final Fixture fixture, final Fixture.Mode mode) throws Exception {
        Path classes = transformed(fixture);

        ChildJvm run = fixture.run("cli-" + mode.name().toLowerCase(), List.of(), classes, mode);

        fixture.assertBehavesLikeTwin(run, mode);
    }

    /** A copy of the fixture's classes, rewritten in place by the command line, which must exit 0. */
    private static synchronized Path transformed(final Fixture fixture) throws IOException, InterruptedException {
        Path classes = TRANSFORMED.get(fixture);
        if (classes == null) {
            classes = fixture.work("cli-classes");
            SampleProgram.copyTree(fixture.classes(), classes);
            ChildJvm.run(fixture.work("cli-transform"), List.of(fixture.jdk().java(), "-jar",
                    EndToEnd.transformerJar().toString(), "--classpath", EndToEnd.runtimeJar().toString(),
                    classes.toString()))
                    .assertSucceeded();
            assertOnlyFixtureClassesChanged(fixture.classes(), classes);
            TRANSFORMED.put(fixture, classes);
        }
        return classes;
    }

    /**
     * The command line rewrote classes of package {@code fixtures} and left {@code Fx} and the launcher, which
     * have nothing to transform, byte-identical; it added and removed no class file.
     */
    private static void assertOnlyFixtureClassesChanged(final Path original, final Path rewritten)
            throws IOException {
        Map<String, byte[]> before = CommandLinePathTest.snapshot(original);
        Map<String, byte[]> after = CommandLinePathTest.snapshot(rewritten);
        assertEquals(before.keySet(), after.keySet(), "the transformer must add or remove no class file");
        boolean rewroteAFixture = false;
        for (String file : before.keySet()) {
            boolean same = Arrays.equals(before.get(file), after.get(file));
            if (file.startsWith("fixtures/")) {
                rewroteAFixture |= !same;
            } else {
                assertTrue(same, file + " has nothing to transform and must stay byte-identical");
            }
        }
        assertTrue(rewroteAFixture, "no class of package fixtures was rewritten in " + rewritten);
    }
}
