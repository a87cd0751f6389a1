package dev.weft.examples;

import static dev.weft.examples.DemoRun.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The asyncq demo: every item put is taken once, after it was put; the summary counts them. */
class AsyncqTest {

    private static final Pattern ADDED = Pattern.compile("Producer (\\d+) added <([0-9a-f]{10})> to queue\\.");
    private static final Pattern GOT =
            Pattern.compile("Consumer (\\d+) got element <([0-9a-f]{10})> in \\d+\\.\\d{5} seconds\\.");

    @Test
    void everyItemPutIsTakenOnceAfterItWasPut() {
        List<String> lines = DemoRun.lines(Asyncq::execute, "-p", "3", "-c", "4", "--scale", "0.002");

        int items = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher added = ADDED.matcher(lines.get(i));
            if (added.matches()) {
                items++;
                assertTrue(Integer.parseInt(added.group(1)) < 3, lines.get(i));
                String item = added.group(2);
                List<String> takers = lines.stream().filter(l -> l.contains("<" + item + ">")).toList();
                assertEquals(2, takers.size(), () -> "item " + item + ": " + takers);
                Matcher got = GOT.matcher(takers.get(1));
                assertTrue(got.matches(), takers.get(1));
                assertTrue(Integer.parseInt(got.group(1)) < 4, takers.get(1));
                assertTrue(indexOf(lines, takers.get(1)) > i, "taken after it was put: " + item);
            }
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("Program completed in \\d+\\.\\d{5} seconds \\(" + items
                + " items; producers: 3, consumers: 4\\)\\."), last);
        assertEquals(items, lines.stream().filter(l -> GOT.matcher(l).matches()).count());
    }

    @Test
    void countsMayBePositionalAndTheConsumersAreCancelledAtTheEnd() {
        List<String> lines = DemoRun.lines(Asyncq::execute, "1", "2", "--scale", "0.002");

        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("Program completed in .* items; producers: 1, consumers: 2\\)\\."), last);
        assertTrue(lines.stream().allMatch(l -> l.matches("(Producer 0|Consumer [01]|Program) .*")),
                String.join("\n", lines));
    }

    @Test
    void noProducersMeansNoItemsAndAnImmediateEnd() {
        List<String> lines = DemoRun.lines(Asyncq::execute, "--nprod=0", "--ncon", "2");

        String last = lines.get(lines.size() - 1);
        assertTrue(last.endsWith("(0 items; producers: 0, consumers: 2)."), last);
    }
}
