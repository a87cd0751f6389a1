package dev.weft.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs every end-to-end path runs on. A missing JDK fails the test; it is never skipped. */
enum Jdk {

    /** The JDK running this test (JDK 17, the baseline, on the project's machines). */
    HOST {
        @Override
        Path home() {
            return Path.of(System.getProperty("java.home"));
        }
    },

    /** JDK 25, from system property {@code weft.jdk25} (set by the parent POM). */
    JDK25 {
        @Override
        Path home() {
            String home = System.getProperty("weft.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
            if (!Files.isExecutable(Path.of(home, "bin", "java"))) {
                fail("JDK 25 not found: " + home + "/bin/java does not exist. Install a JDK 25 there, or"
                        + " point -Dweft.jdk25=<jdk home> at one; the end-to-end tests never skip it.");
            }
            return Path.of(home);
        }
    };

    /** This JDK's home directory; fails the test when it is missing. */
    abstract Path home();

    /** This JDK's {@code java} launcher. */
    String java() {
        return home().resolve("bin").resolve("java").toString();
    }
}
