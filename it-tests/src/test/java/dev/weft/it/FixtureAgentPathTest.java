package dev.weft.it;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent path for every coverage fixture: the untransformed fixture in a child JVM with
 * {@code -javaagent:weft-agent.jar -cp weft-runtime.jar:classes} and nothing else, once with values already
 * complete (no suspension) and once with values completing later (real suspensions), each printing what the
 * synchronous twin prints.
 */
class FixtureAgentPathTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.weft.it.Fixture#inBothModes")
    void fixtureUnderTheAgentBehavesLikeItsTwin(final Fixture fixture, final Fixture.Mode mode) throws Exception {
        ChildJvm run = fixture.run("agent-" + mode.name().toLowerCase(),
                List.of("-javaagent:" + EndToEnd.agentJar()), fixture.classes(), mode);

        fixture.assertBehavesLikeTwin(run, mode);
    }
}
