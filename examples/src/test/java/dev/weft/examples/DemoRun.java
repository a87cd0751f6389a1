package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/** Runs a demo in-process and returns what it printed, line by line. */
final class DemoRun {

    /** A liveness bound only: the demos take seconds; speed is asserted nowhere outside benchmarks. */
    static final Duration LIVENESS = Duration.ofSeconds(60);

    private DemoRun() {
        throw new AssertionError("no instances");
    }

    /**
     * Runs a demo's {@code execute(args, out)}.
     *
     * @param demo the demo's entry point
     * @param args its command line
     * @return the lines it printed
     */
    static List<String> lines(final BiConsumer<String[], PrintStream> demo, final String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, UTF_8);
        assertTimeoutPreemptively(LIVENESS, () -> demo.accept(args, out));
        return bytes.toString(UTF_8).lines().toList();
    }

    /**
     * The index of the only line equal to {@code line}.
     *
     * @param lines the output
     * @param line  the line to find
     * @return its index
     */
    static int indexOf(final List<String> lines, final String line) {
        int i = lines.indexOf(line);
        assertTrue(i >= 0, () -> "missing line: " + line + "\noutput:\n" + String.join("\n", lines));
        assertTrue(i == lines.lastIndexOf(line), () -> "line twice: " + line);
        return i;
    }

    /**
     * The index of the only line matching {@code regex}.
     *
     * @param lines the output
     * @param regex the pattern of the whole line
     * @return its index
     */
    static int indexMatching(final List<String> lines, final String regex) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                int previous = found;
                assertTrue(previous < 0, () -> "two lines match " + regex + ": " + lines.get(previous));
                found = i;
            }
        }
        assertTrue(found >= 0, () -> "no line matches " + regex + "\noutput:\n" + String.join("\n", lines));
        return found;
    }
}
