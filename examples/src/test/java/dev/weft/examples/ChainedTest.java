package dev.weft.examples;

import static dev.weft.examples.DemoRun.indexMatching;
import static dev.weft.examples.DemoRun.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chained demo: each chain's steps in order, the chains side by side. */
class ChainedTest {

    @Test
    void eachChainRunsItsPartsInOrderWhileAllChainsStartAtOnce() {
        List<String> lines = DemoRun.lines(Chained::execute, "--scale", "0.02");

        int lastStart = 0;
        int firstReturn = Integer.MAX_VALUE;
        for (int n = 1; n <= 3; n++) {
            int start1 = indexMatching(lines, "part1\\(" + n + "\\) sleeping for \\d+\\.\\d\\d seconds\\.");
            int return1 = indexOf(lines, "Returning part1(" + n + ") == result" + n + "-1.");
            int start2 = indexMatching(lines,
                    "part2\\(" + n + ", 'result" + n + "-1'\\) sleeping for \\d+\\.\\d\\d seconds\\.");
            String result = "result" + n + "-2 derived from result" + n + "-1";
            int return2 = indexOf(lines, "Returning part2(" + n + ", 'result" + n + "-1') == " + result + ".");
            int chained = indexMatching(lines,
                    Pattern.quote("-->Chained result" + n + " => " + result) + " \\(took \\d+\\.\\d\\d seconds\\)\\.");
            assertTrue(start1 < return1 && return1 < start2 && start2 < return2 && return2 < chained, "chain " + n);
            lastStart = Math.max(lastStart, start1);
            firstReturn = Math.min(firstReturn, return1);
        }
        // Every chain starts before any part one returns: they were all started before the loop's first turn.
        assertTrue(lastStart < firstReturn, String.join("\n", lines));
        assertEquals(5 * 3 + 1, lines.size());
    }

    @Test
    void theTotalLineNamesTheLongestChainAndTheSum() {
        List<String> lines = DemoRun.lines(Chained::execute, "--scale", "0.02", "4", "5");

        Matcher m = Pattern.compile("Program finished in (\\d+\\.\\d\\d) seconds "
                + "\\(longest chain (\\d+\\.\\d\\d) s, sum of the chains (\\d+\\.\\d\\d) s\\)\\.")
                .matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), lines.get(lines.size() - 1));
        assertTrue(Double.parseDouble(m.group(2)) <= Double.parseDouble(m.group(3)));
        indexOf(lines, "Returning part1(4) == result4-1.");
        indexOf(lines, "Returning part1(5) == result5-1.");
        assertEquals(5 * 2 + 1, lines.size());
    }

    @Test
    void theSameSeedDrawsTheSameSleeps() {
        List<String> first = sleeps(DemoRun.lines(Chained::execute, "--scale", "0.01", "--seed", "3"));
        List<String> second = sleeps(DemoRun.lines(Chained::execute, "--scale", "0.01", "--seed", "3"));

        assertEquals(6, first.size());
        assertEquals(first, second);
    }

    private static List<String> sleeps(final List<String> lines) {
        return lines.stream().filter(l -> l.contains("sleeping")).sorted().toList();
    }
}
