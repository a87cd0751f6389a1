package dev.weft.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command (a child JVM) to the end, its output kept in files under a directory of its own so a
 * failing test leaves evidence behind.
 *
 * @param command  the command line; never null
 * @param exitCode the exit status
 * @param stdout   everything written to standard output; never null
 * @param stderr   everything written to standard error; never null
 */
record ChildJvm(List<String> command, int exitCode, String stdout, String stderr) {

    /** A liveness bound: the sample program takes well under a second. */
    private static final long TIMEOUT_SECONDS = 180;

    private static final Pattern SUSPENSIONS = Pattern.compile("(?m)^weft\\.suspensions=(\\d+)\\s*$");

    /**
     * Runs {@code command}, writing {@code command.txt}, {@code stdout.txt} and {@code stderr.txt} into
     * {@code dir}.
     */
    static ChildJvm run(final Path dir, final List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n", UTF_8);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                    + "\nstdout:\n" + Files.readString(out, UTF_8) + "\nstderr:\n" + Files.readString(err, UTF_8));
        }
        return new ChildJvm(command, process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    /** Fails unless the command exited with 0. */
    ChildJvm assertSucceeded() {
        if (exitCode != 0) {
            fail(describe("exited with " + exitCode));
        }
        return this;
    }

    /** The count printed by the launcher {@code CountingMain}, if it got that far. */
    OptionalLong suspensions() {
        Matcher m = SUSPENSIONS.matcher(stderr);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The command and both outputs, for a failure message. */
    String describe(final String what) {
        return String.join(" ", command) + "\n" + what + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }
}
