package dev.weft.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command-line path: {@code java -jar weft-transformer.jar --classpath weft-runtime.jar DIR} rewrites
 * a copy of the sample program's classes in place, then a plain child JVM (no agent) runs them and must
 * print what the synchronous twin prints, with real suspensions. The transformer and the program both run
 * on the JDK under test.
 */
class CommandLinePathTest {

    private static final String PROGRAM_CLASS = SampleProgram.MAIN.replace('.', '/') + ".class";
    private static final String LAUNCHER_CLASS = SampleProgram.LAUNCHER.replace('.', '/') + ".class";

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Jdk.class)
    void transformedProgramPrintsWhatItsTwinPrints(final Jdk jdk) throws Exception {
        SampleProgram program = SampleProgram.get();
        String name = "cli-" + jdk.name().toLowerCase();
        Path classes = program.copyOfClasses(name + "/classes");

        transform(jdk, classes, EndToEnd.workDirectory().resolve(name + "/transform"));
        ChildJvm run = ChildJvm.run(EndToEnd.workDirectory().resolve(name + "/run"),
                List.of(jdk.java(), "-cp", SampleProgram.classPath(classes), SampleProgram.LAUNCHER, SampleProgram.MAIN))
                .assertSucceeded();

        assertEquals(program.expectedOutput(), run.stdout(), () -> run.describe("output differs from the twin's"));
        OptionalLong suspensions = run.suspensions();
        assertTrue(suspensions.isPresent() && suspensions.getAsLong() > 0,
                () -> run.describe("no await really suspended"));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Jdk.class)
    void rewritesOnlyCandidatesAndASecondRunChangesNothing(final Jdk jdk) throws Exception {
        SampleProgram program = SampleProgram.get();
        String name = "cli-twice-" + jdk.name().toLowerCase();
        Path classes = program.copyOfClasses(name + "/classes");
        Map<String, byte[]> original = snapshot(program.classes());

        transform(jdk, classes, EndToEnd.workDirectory().resolve(name + "/first"));
        Map<String, byte[]> once = snapshot(classes);
        transform(jdk, classes, EndToEnd.workDirectory().resolve(name + "/second"));
        Map<String, byte[]> twice = snapshot(classes);

        assertEquals(original.keySet(), once.keySet(), "the transformer must add or remove no class file");
        assertFalse(Arrays.equals(original.get(PROGRAM_CLASS), once.get(PROGRAM_CLASS)),
                PROGRAM_CLASS + " has @Async methods but was left as it was");
        assertArrayEquals(original.get(LAUNCHER_CLASS), once.get(LAUNCHER_CLASS),
                LAUNCHER_CLASS + " has nothing to transform and must stay byte-identical");
        assertEquals(once.keySet(), twice.keySet());
        for (String file : once.keySet()) {
            assertArrayEquals(once.get(file), twice.get(file), file + " changed on the second run");
        }
    }

    /** Runs the command line on {@code classes}; it must exit 0. */
    private static void transform(final Jdk jdk, final Path classes, final Path log)
            throws IOException, InterruptedException {
        ChildJvm.run(log, List.of(jdk.java(), "-jar", EndToEnd.transformerJar().toString(),
                "--classpath", EndToEnd.runtimeJar().toString(), classes.toString()))
                .assertSucceeded();
    }

    /** Every class file under {@code dir} by relative path, with its bytes. */
    static Map<String, byte[]> snapshot(final Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".class"))::iterator) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
