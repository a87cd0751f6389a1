package dev.weft.examples;

import static dev.weft.examples.DemoRun.indexMatching;
import static dev.weft.examples.DemoRun.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simul demo: her first moves at every board come before any opponent moves; every board finishes. */
class SimulTest {

    @Test
    void sheMovesAtEveryBoardBeforeTheFirstOpponentAnswers() {
        List<String> lines = DemoRun.lines(Simul::execute, "--boards", "4", "--moves", "3", "--speed", "3600");

        int sync = indexOf(lines, "Synchronous: one game after another, each 3 x (5 s + 55 s) = 3 min.");
        int sample = indexMatching(lines, "  played 1 of 4 boards in \\d+\\.\\d\\d s; all 4 would take .*");
        int async = indexOf(lines, "Asynchronous: she moves at each board in turn while the other opponents think.");
        int lastJudit = 0;
        int firstOpponent = Integer.MAX_VALUE;
        for (int b = 1; b <= 4; b++) {
            int judit = indexOf(lines, "BOARD-" + b + " 1 Judit made a move.");
            int opponent = indexOf(lines, "BOARD-" + b + " 1 Opponent made a move.");
            int finished = indexMatching(lines, "BOARD-" + b
                    + " - >{17} Finished in \\d+\\.\\d\\d s \\(\\d+ h \\d\\d min at real speed\\)");
            assertTrue(async < judit && judit < opponent && opponent < finished, "board " + b);
            lastJudit = Math.max(lastJudit, judit);
            firstOpponent = Math.min(firstOpponent, opponent);
        }
        // Four of her moves take 20 s; an opponent thinks 55 s: she has moved everywhere before anyone answers.
        assertTrue(lastJudit < firstOpponent, String.join("\n", lines));
        assertTrue(sync < sample && sample < async);
        assertTrue(lines.get(lines.size() - 1).matches("Board exhibition finished in .* against .* one game after "
                + "another\\."), lines.get(lines.size() - 1));
        assertEquals(3 + 4 * 3 + 1, lines.size(), "only the first round's moves are printed");
    }

    @Test
    void verbosePrintsEveryMoveAndNoSyncBoardsComputesTheSynchronousTime() {
        List<String> lines = DemoRun.lines(Simul::execute,
                "--boards", "3", "--moves", "4", "--speed", "3600", "--sync-boards", "0", "-v");

        indexMatching(lines, "  computed: all 3 boards would take \\d+\\.\\d\\d s \\(0 h 12 min at real speed\\)");
        for (int b = 1; b <= 3; b++) {
            for (int m = 1; m <= 4; m++) {
                int judit = indexOf(lines, "BOARD-" + b + " " + m + " Judit made a move.");
                int opponent = indexOf(lines, "BOARD-" + b + " " + m + " Opponent made a move.");
                assertTrue(judit < opponent);
            }
        }
        assertEquals(3 + 3 * 4 * 2 + 3 + 1, lines.size());
    }
}
