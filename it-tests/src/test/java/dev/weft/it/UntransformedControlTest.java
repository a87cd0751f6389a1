package dev.weft.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The control for the other paths: the same classes run without the agent and without the command line
 * must fail (DESIGN.md: {@code await} in untransformed code throws IllegalStateException saying how to
 * enable the transformation). Without this, a runtime whose {@code await} merely blocked would make the
 * agent and command-line tests pass with no transformation at all.
 */
class UntransformedControlTest {

    @Test
    void untransformedProgramFailsWithAnExplanation() throws Exception {
        SampleProgram program = SampleProgram.get();

        ChildJvm run = ChildJvm.run(EndToEnd.workDirectory().resolve("untransformed"),
                List.of(Jdk.HOST.java(), "-cp", SampleProgram.classPath(program.classes()),
                        SampleProgram.LAUNCHER, SampleProgram.MAIN));

        assertNotEquals(0, run.exitCode(), () -> run.describe("untransformed program succeeded"));
        assertFalse(run.stdout().contains("end"), () -> run.describe("untransformed program ran to its end"));
        String err = run.stderr();
        String lower = err.toLowerCase(Locale.ROOT);
        assertTrue(err.contains("IllegalStateException") && err.contains("BasicProgram"),
                () -> run.describe("expected an IllegalStateException naming the method"));
        assertTrue(lower.contains("agent") && lower.contains("plugin"),
                () -> run.describe("the message should say how to enable the transformation"));
    }
}
