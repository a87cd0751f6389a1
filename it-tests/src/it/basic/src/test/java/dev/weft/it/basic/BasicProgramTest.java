package dev.weft.it.basic;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.WeftStats;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link BasicProgram} as this build left it (rewritten by the weft-maven-plugin's {@code transform}
 * goal) and compares its output with its synchronous twin's: the same source, with the static import of
 * {@code dev.weft.Weft} replaced by the blocking stand-in in {@code src/twin/java}, compiled here without
 * any transformation and run in a plain child JVM. Both outputs are left in {@code target/} for
 * verify.groovy.
 */
class BasicProgramTest {

    /** The one line the twin rule replaces (the harness in it-tests applies the same rule). */
    static final String WEFT_IMPORT = "import static dev.weft.Weft.*;";
    static final String TWIN_IMPORT = "import static dev.weft.it.twin.Blocking.*;";
    private static final Pattern WEFT_LEFT = Pattern.compile(
            "(?m)^\\s*import\\s+(static\\s+)?dev\\.weft\\.Weft\\b|\\bWeft\\s*\\.\\s*(await|run|spawn|sleep|gather|done)\\b");

    private final Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private final Path target = basedir.resolve("target");

    @Test
    void transformedProgramPrintsWhatItsSynchronousTwinPrints() throws Exception {
        long before = WeftStats.suspensions();
        String actual = runInProcess();
        long suspensions = WeftStats.suspensions() - before;
        Files.writeString(target.resolve("program-output.txt"), actual, UTF_8);

        String expected = runTwin();
        Files.writeString(target.resolve("twin-output.txt"), expected, UTF_8);

        assertTrue(expected.endsWith("end" + System.lineSeparator()) && expected.lines().count() > 15,
                () -> "the twin printed too little:\n" + expected);
        assertEquals(expected, actual);
        assertTrue(suspensions > 0, "no await really suspended: suspensions = " + suspensions);
    }

    @Test
    void testClassesAreTransformedToo() {
        long before = WeftStats.suspensions();

        int result = Weft.run(() -> TestSideAsync.doubledLater(21));

        assertEquals(42, result);
        assertTrue(WeftStats.suspensions() > before, "the test-side await did not suspend");
    }

    /** Runs the transformed program here, capturing what it prints. */
    private static String runInProcess() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, UTF_8));
        try {
            BasicProgram.main(new String[0]);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return bytes.toString(UTF_8);
    }

    /** Builds the synchronous twin under target/sync-twin and runs it in a plain child JVM. */
    private String runTwin() throws Exception {
        Path twin = target.resolve("sync-twin");
        Path sources = twin.resolve("src");
        Path classes = twin.resolve("classes");
        Files.createDirectories(classes);

        List<String> files = new ArrayList<>();
        Path main = basedir.resolve("src/main/java");
        for (Path file : javaFiles(main)) {
            Path copy = sources.resolve(main.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, twinOf(file), UTF_8);
            files.add(copy.toString());
        }
        for (Path file : javaFiles(basedir.resolve("src/twin/java"))) {
            files.add(file.toString());
        }

        String runtimeJar = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of(
                "-d", classes.toString(), "-classpath", runtimeJar, "-g", "-proc:none", "-encoding", "UTF-8"));
        args.addAll(files);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, status, () -> "the twin does not compile:\n" + diagnostics.toString(UTF_8));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + runtimeJar,
                BasicProgram.class.getName())
                .redirectOutput(twin.resolve("stdout.txt").toFile())
                .redirectError(twin.resolve("stderr.txt").toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the twin did not finish within 120 s");
        }
        String stderr = Files.readString(twin.resolve("stderr.txt"), UTF_8);
        assertEquals(0, process.exitValue(), () -> "the twin failed:\n" + stderr);
        return Files.readString(twin.resolve("stdout.txt"), UTF_8);
    }

    /** The twin rule: the one static import of Weft swapped for the blocking stand-in, nothing else. */
    private static String twinOf(final Path file) throws IOException {
        String text = Files.readString(file, UTF_8);
        long imports = text.lines().filter(line -> line.trim().equals(WEFT_IMPORT)).count();
        if (imports == 0 && !WEFT_LEFT.matcher(text).find()) {
            return text;
        }
        assertEquals(1, imports, file + ": expected exactly one line '" + WEFT_IMPORT + "'");
        String twin = text.lines()
                .map(line -> line.trim().equals(WEFT_IMPORT) ? TWIN_IMPORT : line)
                .collect(Collectors.joining("\n", "", "\n"));
        assertTrue(!WEFT_LEFT.matcher(twin).find(), file + ": uses Weft other than through " + WEFT_IMPORT);
        return twin;
    }

    private static List<Path> javaFiles(final Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }
}
