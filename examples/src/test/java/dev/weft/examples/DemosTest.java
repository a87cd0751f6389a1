package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chooser: listing, unknown names. (Running a demo is {@link CountAsyncTest}'s business.) */
class DemosTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dispatch(final String... args) {
        return Demos.dispatch(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    }

    @Test
    void noArgumentListsEveryDemoAndSucceeds() {
        int status = dispatch();

        assertEquals(0, status);
        String listing = out.toString(UTF_8);
        for (Demos.Demo demo : Demos.ALL) {
            assertTrue(listing.contains(demo.name() + " "), listing);
            assertTrue(listing.contains(demo.description()), listing);
        }
        assertEquals("", err.toString(UTF_8));
    }

    @Test
    void theListingNamesEveryDemoInOrder() {
        dispatch();

        List<String> names = out.toString(UTF_8).lines().skip(1).map(l -> l.trim().split(" ")[0]).toList();
        assertEquals(List.of("countasync", "countsync", "chained", "rand", "asyncq", "simul", "echo", "crawl"), names);
        assertEquals(names, Demos.ALL.stream().map(Demos.Demo::name).toList());
    }

    @Test
    void badArgumentsToADemoPrintTheProblemAndItsUsageAndExitWithTwo() {
        int status = dispatch("asyncq", "-p", "2", "--bogus");

        assertEquals(Demos.USAGE, status);
        String usage = err.toString(UTF_8);
        assertTrue(usage.startsWith("asyncq: unknown option: --bogus"), usage);
        assertTrue(usage.contains("usage: asyncq [-p|--nprod N]"), usage);
        assertEquals("", out.toString(UTF_8));
    }

    @Test
    void aBadNumberIsABadArgument() {
        assertEquals(Demos.USAGE, dispatch("echo", "-n", "0"));
        assertTrue(err.toString(UTF_8).startsWith("echo: -n|--connections: 0 (expected: an integer >= 1)"),
                err.toString(UTF_8));
    }

    @Test
    void unknownDemoPrintsUsageAndExitsWithTwo() {
        int status = dispatch("nosuchdemo");

        assertEquals(Demos.USAGE, status);
        assertEquals(2, status);
        String usage = err.toString(UTF_8);
        assertTrue(usage.startsWith("unknown demo: nosuchdemo"), usage);
        assertTrue(usage.contains("usage: "), usage);
        assertTrue(usage.contains("countasync"), usage);
        assertEquals("", out.toString(UTF_8));
    }
}
