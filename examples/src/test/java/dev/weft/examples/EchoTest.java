package dev.weft.examples;

import static dev.weft.examples.DemoRun.indexMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The echo demo: every round trip is made and checked, and the rate is printed. */
class EchoTest {

    @Test
    void everyConnectionMakesItsRoundTrips() {
        List<String> lines = DemoRun.lines(Echo::execute, "-n", "8", "-m", "250");

        assertEquals(0, indexMatching(lines, "echo server listening on /127\\.0\\.0\\.1:\\d+"));
        assertEquals(1, indexMatching(lines, "8 connections x 250 messages of 64 bytes, all connections at once"));
        assertEquals(2, indexMatching(lines,
                "2,000 round trips in \\d+\\.\\d\\d seconds: [\\d,]+ round trips per second"));
        assertEquals(3, lines.size());
    }

    @Test
    void messagesLargerThanOneReadStillEchoWhole() {
        List<String> lines = DemoRun.lines(Echo::execute, "--connections", "3", "--messages", "20",
                "--size", "200000");

        indexMatching(lines, "60 round trips in .*");
    }
}
