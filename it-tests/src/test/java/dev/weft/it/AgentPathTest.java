package dev.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent path: the untransformed sample program in a child JVM with
 * {@code -javaagent:weft-agent.jar -cp weft-runtime.jar:classes} and nothing else, which must print what
 * its synchronous twin prints, with real suspensions.
 */
class AgentPathTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Jdk.class)
    void programUnderTheAgentPrintsWhatItsTwinPrints(final Jdk jdk) throws Exception {
        SampleProgram program = SampleProgram.get();
        String java = jdk.java();

        ChildJvm run = ChildJvm.run(EndToEnd.workDirectory().resolve("agent-" + jdk.name().toLowerCase()),
                List.of(java, "-javaagent:" + EndToEnd.agentJar(),
                        "-cp", SampleProgram.classPath(program.classes()),
                        SampleProgram.LAUNCHER, SampleProgram.MAIN))
                .assertSucceeded();

        assertEquals(program.expectedOutput(), run.stdout(), () -> run.describe("output differs from the twin's"));
        OptionalLong suspensions = run.suspensions();
        assertTrue(suspensions.isPresent() && suspensions.getAsLong() > 0,
                () -> run.describe("no await really suspended"));
    }
}
