package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the countasync demo in-process (its classes were rewritten by this module's build). */
class CountAsyncTest {

    @Test
    void everyOnePrintsBeforeAnyTwo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, UTF_8);

        // A liveness bound only: the demo sleeps one second; speed is asserted nowhere outside benchmarks.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CountAsync.execute(out));

        List<String> lines = bytes.toString(UTF_8).lines().toList();
        assertEquals(7, lines.size(), () -> "output:\n" + String.join("\n", lines));
        assertEquals(List.of("One", "One", "One", "Two", "Two", "Two"), lines.subList(0, 6));
        assertTrue(lines.get(6).matches("countasync executed in \\d+\\.\\d\\d seconds\\."), lines.get(6));
    }
}
