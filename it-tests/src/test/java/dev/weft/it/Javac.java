package dev.weft.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * javac of a given JDK, as Maven runs it: debug information and parameter names on, no annotation processing.
 * The host JDK's compiler runs in this JVM (javax.tools); another JDK's runs as a child process. A compilation
 * error fails the test with javac's diagnostics.
 */
final class Javac {

    private Javac() {
    }

    /**
     * Compiles {@code sources} with {@code jdk}'s javac at {@code --release release} into {@code out}, against
     * {@code classPath}.
     */
    static void compile(final Jdk jdk, final int release, final String classPath, final List<Path> sources,
            final Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--release", String.valueOf(release), "-g", "-parameters",
                "-proc:none", "-encoding", "UTF-8", "-classpath", classPath, "-d", out.toString()));
        sources.forEach(source -> args.add(source.toString()));
        if (jdk == Jdk.HOST) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            if (javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) != 0) {
                fail("javac " + String.join(" ", args) + "\n" + diagnostics.toString(UTF_8));
            }
        } else {
            List<String> command = new ArrayList<>();
            command.add(jdk.home().resolve("bin").resolve("javac").toString());
            command.addAll(args);
            ChildJvm.run(out.resolveSibling(out.getFileName() + "-javac"), command).assertSucceeded();
        }
    }
}
