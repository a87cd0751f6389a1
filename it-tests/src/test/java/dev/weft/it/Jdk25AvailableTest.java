package dev.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JDK 25 is where {@code weft.jdk25} says, and it is a 25: the JDK 25 runs (here and in the invoker's
 * second execution) must fail loudly, never skip, when it is missing.
 */
class Jdk25AvailableTest {

    @Test
    void jdk25IsInstalled() throws Exception {
        ChildJvm run = ChildJvm.run(EndToEnd.workDirectory().resolve("jdk25-version"),
                List.of(Jdk.JDK25.java(), "-XshowSettings:properties", "-version"))
                .assertSucceeded();

        assertEquals("25", run.stderr().lines()
                .map(String::trim)
                .filter(line -> line.startsWith("java.specification.version = "))
                .map(line -> line.substring("java.specification.version = ".length()))
                .findFirst().orElse("?"), () -> run.describe("not a JDK 25"));
    }
}
