package dev.weft.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The sample program of the `basic` invoker project ({@code src/it/basic/src/main/java}), compiled here
 * with javax.tools ({@code --release 17}, debug info on, as Maven compiles) together with the launcher
 * {@code CountingMain}, and its synchronous twin's output, which every path must reproduce.
 *
 * <p>The twin is the same source with the line {@code import static dev.weft.Weft.*;} replaced by
 * {@code import static dev.weft.it.twin.Blocking.*;} (a blocking stand-in kept beside the program in
 * {@code src/twin/java}), compiled without any transformation and run in a plain child JVM. The `basic`
 * project's own test applies the same rule.
 *
 * <p>Built once per test JVM, under {@code target/e2e}. Thread rule: {@link #get} is synchronized; the
 * compiled classes are never modified (callers take a {@link #copyOfClasses copy} to rewrite).
 */
final class SampleProgram {

    /** The program's main class. */
    static final String MAIN = "dev.weft.it.basic.BasicProgram";
    /** The launcher that runs {@link #MAIN} and prints the suspension count on stderr. */
    static final String LAUNCHER = "dev.weft.it.harness.CountingMain";

    private static final String WEFT_IMPORT = "import static dev.weft.Weft.*;";
    private static final String TWIN_IMPORT = "import static dev.weft.it.twin.Blocking.*;";
    private static final Pattern WEFT_LEFT = Pattern.compile(
            "(?m)^\\s*import\\s+(static\\s+)?dev\\.weft\\.Weft\\b|\\bWeft\\s*\\.\\s*(await|run|spawn|sleep|gather|done)\\b");

    private static SampleProgram instance;

    /** The program and the launcher, untransformed. */
    private final Path classes;
    /** What the synchronous twin printed. */
    private final String expectedOutput;

    private SampleProgram(final Path classes, final String expectedOutput) {
        this.classes = classes;
        this.expectedOutput = expectedOutput;
    }

    /** Compiles the program and runs its twin, the first time only. */
    static synchronized SampleProgram get() throws Exception {
        if (instance == null) {
            Path work = EndToEnd.workDirectory();
            deleteRecursively(work.resolve("program-classes"));
            deleteRecursively(work.resolve("twin"));
            Path project = EndToEnd.programProject();
            Path runtimeJar = EndToEnd.runtimeJar();

            Path classes = work.resolve("program-classes");
            List<Path> sources = new ArrayList<>(javaFiles(project.resolve("src/main/java")));
            sources.add(EndToEnd.harnessSource("CountingMain"));
            compile(sources, classes, runtimeJar);

            instance = new SampleProgram(classes, twinOutput(project, work.resolve("twin"), runtimeJar));
        }
        return instance;
    }

    /** The untransformed classes: the program and the launcher. Do not modify. */
    Path classes() {
        return classes;
    }

    /** What the synchronous twin printed on standard output. */
    String expectedOutput() {
        return expectedOutput;
    }

    /** A fresh copy of {@link #classes()} at {@code target/e2e/<name>}, to be rewritten in place. */
    Path copyOfClasses(final String name) throws IOException {
        Path copy = EndToEnd.workDirectory().resolve(name);
        copyTree(classes, copy);
        return copy;
    }

    /** Replaces {@code copy} (deleted first if it exists) with a copy of the tree at {@code original}. */
    static void copyTree(final Path original, final Path copy) throws IOException {
        deleteRecursively(copy);
        try (Stream<Path> walk = Files.walk(original)) {
            for (Path from : walk.collect(Collectors.toList())) {
                Path to = copy.resolve(original.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A class path of the runtime jar, then {@code dir}. */
    static String classPath(final Path dir) {
        return EndToEnd.runtimeJar() + File.pathSeparator + dir;
    }

    private static String twinOutput(final Path project, final Path twin, final Path runtimeJar) throws Exception {
        Path main = project.resolve("src/main/java");
        List<Path> sources = new ArrayList<>();
        for (Path file : javaFiles(main)) {
            Path copy = twin.resolve("src").resolve(main.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, twinOf(file), UTF_8);
            sources.add(copy);
        }
        sources.addAll(javaFiles(project.resolve("src/twin/java")));
        Path classes = twin.resolve("classes");
        compile(sources, classes, runtimeJar);

        ChildJvm run = ChildJvm.run(twin.resolve("run"),
                List.of(Jdk.HOST.java(), "-cp", runtimeJar + File.pathSeparator + classes, MAIN))
                .assertSucceeded();
        String out = run.stdout();
        assertTrue(out.lines().count() > 15 && out.endsWith("end" + System.lineSeparator()),
                () -> run.describe("the synchronous twin printed too little"));
        return out;
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
        if (WEFT_LEFT.matcher(twin).find()) {
            fail(file + ": uses Weft other than through '" + WEFT_IMPORT + "'");
        }
        return twin;
    }

    private static void compile(final List<Path> sources, final Path out, final Path runtimeJar) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-parameters", "-proc:none",
                "-encoding", "UTF-8", "-classpath", runtimeJar.toString(), "-d", out.toString()));
        sources.forEach(source -> args.add(source.toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (status != 0) {
            fail("javac " + String.join(" ", args) + "\n" + diagnostics.toString(UTF_8));
        }
    }

    private static List<Path> javaFiles(final Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    static void deleteRecursively(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
