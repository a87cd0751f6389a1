package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rand demo: each task draws until it beats its threshold; the results line matches. */
class RandTest {

    @Test
    void eachTaskRetriesUntilItBeatsItsThresholdThenTheResultsArePrinted() {
        List<String> lines = DemoRun.lines(Rand::execute, "--scale", "0.01");

        List<Integer> results = new ArrayList<>();
        for (int idx = 0; idx < 3; idx++) {
            List<String> own = ownLines(lines, idx);
            int threshold = 10 - idx - 1;
            assertEquals("Initiated makerandom(" + idx + ").", own.get(0));
            for (String retry : own.subList(1, own.size() - 1)) {
                String prefix = "makerandom(" + idx + ") == ";
                assertTrue(retry.startsWith(prefix) && retry.endsWith(" too low; retrying."), retry);
                int drawn = Integer.parseInt(retry.substring(prefix.length(), retry.indexOf(' ', prefix.length())));
                assertTrue(drawn >= 0 && drawn <= threshold, retry);
            }
            String finished = own.get(own.size() - 1);
            String prefix = "---> Finished: makerandom(" + idx + ") == ";
            assertTrue(finished.startsWith(prefix), finished);
            int result = Integer.parseInt(finished.substring(prefix.length()));
            assertTrue(result > threshold && result <= 10, finished);
            results.add(result);
        }
        assertEquals("", lines.get(lines.size() - 2));
        assertEquals("r1: " + results.get(0) + ", r2: " + results.get(1) + ", r3: " + results.get(2),
                lines.get(lines.size() - 1));
        assertFalse(String.join("\n", lines).contains("\033"), "no ANSI colors unless asked");
    }

    @Test
    void aSeedGivesEachTaskTheSameDrawsAndColorIsOptional() {
        List<String> plain = DemoRun.lines(Rand::execute, "--scale", "0.01", "--seed", "5");
        List<String> colored = DemoRun.lines(Rand::execute, "--scale", "0.01", "--seed", "5", "--color");

        for (int idx = 0; idx < 3; idx++) {
            List<String> stripped = ownLines(colored, idx).stream()
                    .map(l -> l.replaceAll("\033\\[\\d+m", "")).toList();
            assertEquals(ownLines(plain, idx), stripped);
        }
        assertTrue(colored.get(0).startsWith("\033[36m") && colored.get(0).endsWith("\033[0m"), colored.get(0));
    }

    /** @return the lines task {@code idx} printed, in order */
    private static List<String> ownLines(final List<String> lines, final int idx) {
        return lines.stream().filter(l -> l.contains("makerandom(" + idx + ")")).toList();
    }
}
