package dev.weft.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One coverage fixture of the transformer ({@code transformer/src/test/resources/fixtures/<Name>.java}, package
 * {@code fixtures}, entry point {@code @Async public static Task<String> run()}), prepared for the agent and
 * command-line paths: compiled with {@code dev.weft.fixtures.Fx} (from its shared source folder) and the launcher
 * {@code FixtureMain}, and its synchronous twin's output, which every path must reproduce in both modes.
 *
 * <p>Fixtures that need no more than Java 17 are compiled by the host JDK's javac with {@code --release 17} and
 * run on the host JDK; a fixture whose first line says {@code // release: N} with N above 17 is compiled by JDK
 * 25's javac with {@code --release N} and runs on JDK 25.
 *
 * <p>The twin follows the transformer's own rule (its {@code FixtureRunner}): the same source with every
 * {@code await(} replaced by {@code now(} ({@code Fx.now}: the value of a complete task, or its exception), run in
 * {@code IMMEDIATE} mode, where nothing can suspend. Its {@code @Async} methods still need the rewrite that turns
 * their exceptions into failed tasks, so the twin runs under the agent too; it must not suspend.
 *
 * <p>Everything is built once per test JVM under {@code target/e2e/fixtures/<Name>}. Thread rule: the lazy steps
 * are synchronized; the compiled classes are never modified (callers take a copy to rewrite).
 */
final class Fixture {

    /** How {@code Fx} delivers the values the fixture awaits (the names of {@code Fx.Mode}). */
    enum Mode {
        /** Every value already complete: no await may suspend. */
        IMMEDIATE,
        /** Every value completes on a later turn of the loop: awaits really suspend. */
        DELAYED
    }

    /** The launcher, compiled beside each fixture. */
    static final String LAUNCHER = "dev.weft.it.harness.FixtureMain";

    /** The release every fixture is compiled for at least: the project's baseline. */
    private static final int BASELINE_RELEASE = 17;

    private static List<Fixture> all;

    private final String name;
    private final Path source;
    private final int release;
    private final Jdk jdk;

    /** The untransformed fixture, {@code Fx} and the launcher; built on first use. */
    private Path classes;
    /** What the twin printed; computed on first use. */
    private String twinOutput;

    private Fixture(final String name, final Path source, final int release) {
        this.name = name;
        this.source = source;
        this.release = release;
        this.jdk = release > BASELINE_RELEASE ? Jdk.JDK25 : Jdk.HOST;
    }

    /** Every fixture in the shared folder, by name; fails when there is none. */
    static synchronized List<Fixture> all() throws IOException {
        if (all == null) {
            List<Fixture> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(EndToEnd.fixtureSources())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted()
                        .collect(Collectors.toList())) {
                    String fileName = file.getFileName().toString();
                    found.add(new Fixture(fileName.substring(0, fileName.length() - ".java".length()), file,
                            Math.max(BASELINE_RELEASE, minimumRelease(Files.readString(file, UTF_8)))));
                }
            }
            if (found.isEmpty()) {
                fail("no fixtures in " + EndToEnd.fixtureSources());
            }
            all = List.copyOf(found);
        }
        return all;
    }

    /** Every fixture in every mode: the parameters of the path tests. */
    static Stream<Arguments> inBothModes() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Fixture fixture : all()) {
            for (Mode mode : Mode.values()) {
                cases.add(Arguments.of(fixture, mode));
            }
        }
        return cases.stream();
    }

    /** The lowest {@code --release} of a fixture, from its {@code // release: N} line (the transformer's rule). */
    private static int minimumRelease(final String text) {
        int at = text.indexOf("// release: ");
        return at < 0 ? 8 : Integer.parseInt(text.substring(at + 12, text.indexOf('\n', at)).trim());
    }

    /** The JDK this fixture is compiled and run on. */
    Jdk jdk() {
        return jdk;
    }

    /** {@code target/e2e/fixtures/<Name>/<what>}. */
    Path work(final String what) {
        return EndToEnd.workDirectory().resolve("fixtures").resolve(name).resolve(what);
    }

    /** The untransformed classes: the fixture, {@code Fx} and the launcher. Do not modify. */
    synchronized Path classes() throws IOException, InterruptedException {
        if (classes == null) {
            classes = compile(source, work("classes"));
        }
        return classes;
    }

    /** What the synchronous twin prints, the output every path must reproduce. */
    synchronized String twinOutput() throws IOException, InterruptedException {
        if (twinOutput == null) {
            String text = Files.readString(source, UTF_8);
            String twin = text.replace("await(", "now(");
            assertFalse(twin.equals(text), () -> source + " awaits nothing");
            Path twinSource = work("twin-src").resolve("fixtures").resolve(name + ".java");
            SampleProgram.deleteRecursively(work("twin-src"));
            Files.createDirectories(twinSource.getParent());
            Files.writeString(twinSource, twin, UTF_8);
            Path twinClasses = compile(twinSource, work("twin-classes"));

            ChildJvm run = run("twin", List.of("-javaagent:" + EndToEnd.agentJar()), twinClasses, Mode.IMMEDIATE)
                    .assertSucceeded();
            assertEquals(OptionalLong.of(0), run.suspensions(), () -> run.describe("the twin suspended"));
            assertFalse(run.stdout().isBlank(), () -> run.describe("the twin printed nothing"));
            twinOutput = run.stdout();
        }
        return twinOutput;
    }

    /**
     * Runs the launcher on {@link #jdk()} with {@code options} before the class path (the runtime jar, then
     * {@code dir}), in {@code mode}; its files go to {@code target/e2e/fixtures/<Name>/<label>}.
     */
    ChildJvm run(final String label, final List<String> options, final Path dir, final Mode mode)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.java());
        command.addAll(options);
        command.addAll(List.of("-cp", SampleProgram.classPath(dir), LAUNCHER, name, mode.name()));
        return ChildJvm.run(work(label), command);
    }

    /**
     * Fails unless {@code run} succeeded, printed what the twin printed, and suspended as {@code mode} demands:
     * never on complete values, at least once on values completing later.
     */
    void assertBehavesLikeTwin(final ChildJvm run, final Mode mode) throws IOException, InterruptedException {
        String expected = twinOutput();
        run.assertSucceeded();
        assertEquals(expected, run.stdout(), () -> run.describe(name + " (" + mode + "): output differs from the"
                + " twin's:\n" + expected));
        OptionalLong suspensions = run.suspensions();
        assertTrue(suspensions.isPresent(), () -> run.describe("the launcher printed no suspension count"));
        if (mode == Mode.IMMEDIATE) {
            assertEquals(0, suspensions.getAsLong(), () -> run.describe("suspended on complete values"));
        } else {
            assertTrue(suspensions.getAsLong() > 0, () -> run.describe("no await really suspended"));
        }
    }

    /** Compiles {@code fixtureSource} with {@code Fx} and the launcher into {@code out} (emptied first). */
    private Path compile(final Path fixtureSource, final Path out) throws IOException, InterruptedException {
        SampleProgram.deleteRecursively(out);
        Path fx = EndToEnd.fixtureSupport().resolve("dev/weft/fixtures/Fx.java");
        Javac.compile(jdk, release, EndToEnd.runtimeJar().toString(),
                List.of(fixtureSource, fx, EndToEnd.harnessSource("FixtureMain")), out);
        return out;
    }

    @Override
    public String toString() {
        return name + (jdk == Jdk.HOST ? "" : " (--release " + release + ", " + jdk + ")");
    }

    /** The fixture's class name in package {@code fixtures}. */
    String name() {
        return name;
    }
}
