package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.transformer.diag.Diagnostic;
import dev.weft.transformer.diag.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error locations resolved against the project's source roots. */
class DiagnosticReporterTest {

  @TempDir
  Path basedir;

  @Test
  void sourceFoundInARootIsNamedRelativeToTheBaseDirectory() throws Exception {
    Files.createDirectories(basedir.resolve("src/main/java/shop"));
    Files.writeString(basedir.resolve("src/main/java/shop/Cart.java"), "class Cart {}");
    DiagnosticReporter reporter = reporter(List.of(
        basedir.resolve("target/generated-sources/annotations"), basedir.resolve("src/main/java")));

    assertEquals("src/main/java/shop/Cart.java:42", reporter.locate(new SourcePosition("shop/Cart", "shop/Cart.java", 42)));
    assertEquals("src/main/java/shop/Cart.java (no line numbers)",
        reporter.locate(new SourcePosition("shop/Cart", "shop/Cart.java", -1)));
  }

  @Test
  void sourceFoundNowhereKeepsTheClassFileView() {
    DiagnosticReporter reporter = reporter(List.of(Path.of("src/main/java")));

    assertEquals("shop/Cart.java:42", reporter.locate(new SourcePosition("shop/Cart", "shop/Cart.java", 42)));
    assertEquals("shop/Cart.class (no line numbers)", reporter.locate(new SourcePosition("shop/Cart", null, -1)));
  }

  @Test
  void everyProblemIsOneErrorAndTheFailureSumsThemUp() throws Exception {
    Files.createDirectories(basedir.resolve("src/main/java/shop"));
    Files.writeString(basedir.resolve("src/main/java/shop/Cart.java"), "class Cart {}");
    RecordingLog log = new RecordingLog();
    DiagnosticReporter reporter = new DiagnosticReporter(basedir, List.of(Path.of("src/main/java")), log);

    reporter.reportRejected(basedir.resolve("target/classes/shop/Cart.class"), List.of(new Diagnostic(
        new SourcePosition("shop/Cart", "shop/Cart.java", 42), "await inside synchronized block in Cart.total()",
        "A monitor cannot be held across a suspension.", "move the await out of the block, or guard with AsyncLock.")));
    reporter.reportUnreadable(basedir.resolve("target/classes/shop/Broken.class"), "malformed class file");

    assertEquals("weft: 1 method rejected, 1 class file unreadable; see errors above", reporter.failure());
    assertEquals(List.of("src/main/java/shop/Cart.java:42: error: await inside synchronized block in Cart.total()"
        + System.lineSeparator() + "  A monitor cannot be held across a suspension."
        + System.lineSeparator() + "  Fix: move the await out of the block, or guard with AsyncLock.",
        "target/classes/shop/Broken.class: error: malformed class file"),
        log.at("ERROR"));
  }

  @Test
  void noProblemNoFailure() {
    assertEquals(null, reporter(List.of()).failure());
  }

  private DiagnosticReporter reporter(final List<Path> roots) {
    return new DiagnosticReporter(basedir, roots, new RecordingLog());
  }
}
