package dev.weft.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the end-to-end tests find their inputs: the jars of this reactor, the sample program and the
 * coverage fixtures, all passed by it-tests' pom as system properties. A missing input fails the test with a message that says
 * what to build; nothing is skipped.
 */
final class EndToEnd {

    private EndToEnd() {
    }

    /** {@code runtime/target/weft-runtime-VERSION.jar}. */
    static Path runtimeJar() {
        return existingFile("weft.runtime.jar", "the runtime module");
    }

    /** {@code transformer/target/weft-transformer-VERSION.jar}, self-contained, with a Main-Class. */
    static Path transformerJar() {
        return existingFile("weft.transformer.jar", "the transformer module");
    }

    /** {@code agent/target/weft-agent-VERSION.jar}. */
    static Path agentJar() {
        return existingFile("weft.agent.jar", "the agent module");
    }

    /** The `basic` invoker project: the sample program's sources and its twin's stand-in. */
    static Path programProject() {
        return existingDirectory("weft.it.program");
    }

    /** The launcher's sources ({@code src/test/harness}). */
    static Path harnessSources() {
        return existingDirectory("weft.it.harness");
    }

    /** One launcher's source in {@link #harnessSources()}, e.g. {@code CountingMain}. */
    static Path harnessSource(final String simpleName) {
        Path file = harnessSources().resolve("dev/weft/it/harness/" + simpleName + ".java");
        if (!Files.isRegularFile(file)) {
            fail(file + " does not exist");
        }
        return file;
    }

    /**
     * The coverage fixtures' sources, shared with the transformer's tests:
     * {@code transformer/src/test/resources/fixtures/*.java}.
     */
    static Path fixtureSources() {
        return existingDirectory("weft.it.fixtures");
    }

    /** The source root of {@code dev.weft.fixtures.Fx}, shared with the transformer's tests. */
    static Path fixtureSupport() {
        return existingDirectory("weft.it.fixture.support");
    }

    /** A scratch directory under {@code target/}. */
    static Path workDirectory() {
        return Path.of(property("weft.it.work"));
    }

    private static Path existingFile(final String key, final String module) {
        Path file = Path.of(property(key)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            fail(key + ": " + file + " does not exist; package " + module
                    + " first (run `mvn -B verify` from the repository root)");
        }
        return file;
    }

    private static Path existingDirectory(final String key) {
        Path dir = Path.of(property(key)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail(key + ": " + dir + " is not a directory");
        }
        return dir;
    }

    private static String property(final String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            fail("system property " + key + " is not set (it-tests' pom passes it to surefire)");
        }
        return value;
    }
}
