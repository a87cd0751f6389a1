package dev.weft.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The suite's output: {@code benchmarks.md} with a table per workload (each contender's median and its ratio to
 * Weft), the machine, the date, the targets and the profiles, and a PNG bar chart per workload (XChart) under
 * {@code benchmarks/} beside it.
 *
 * <p>Thread rule: one thread. Nulls: a row's median is null when the contender was absent or failed; its reason
 * is then set.
 */
final class Report {

  /** One contender's figures in one workload. */
  record Row(String label, String contender, Double median, List<String> extras, String absent) {
    /** A contender that did not run: {@code why} is shown in the table. */
    static Row absent(final String label, final String contender, final int extras, final String why) {
      List<String> dashes = new ArrayList<>();
      for (int i = 0; i < extras; i++) {
        dashes.add("–");
      }
      return new Row(label, contender, null, dashes, why);
    }

    /** A contender's median and its extra columns, already formatted. */
    static Row of(final String label, final String contender, final double median, final String... extras) {
      return new Row(label, contender, median, List.of(extras), null);
    }
  }

  /** One workload: its rows, what its primary figure is, and notes on how it was measured. */
  static final class Table {
    final String id;
    final String title;
    final String metric;
    final boolean lowerIsBetter;
    final List<String> extraHeaders;
    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Table(final String id, final String title, final String metric, final boolean lowerIsBetter,
        final List<String> extraHeaders) {
      this.id = id;
      this.title = title;
      this.metric = metric;
      this.lowerIsBetter = lowerIsBetter;
      this.extraHeaders = extraHeaders;
    }

    /** The Weft row's median (the first row's), or null. */
    Double weft() {
      return rows.isEmpty() ? null : rows.get(0).median();
    }

    String chartFile() {
      return id + ".png";
    }
  }

  /** A target of the issue, and where Weft stands. */
  record Target(String what, String goal, String measured, Boolean met) {}

  private Report() {
    throw new AssertionError();
  }

  static String fmt(final double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Writes the charts and the markdown. */
  static void write(final Path outDir, final String header, final List<Table> tables, final List<Target> targets,
      final String profiles, final String findings) throws IOException {
    Path charts = Files.createDirectories(outDir.resolve("benchmarks"));
    StringBuilder md = new StringBuilder(header);
    for (Table t : tables) {
      chart(t, charts.resolve(t.chartFile()));
      md.append("\n## ").append(t.title).append("\n\n");
      md.append("| contender | ").append(t.metric).append(" (median) | ratio to Weft |");
      for (String h : t.extraHeaders) {
        md.append(' ').append(h).append(" |");
      }
      md.append("\n|---|---:|---:|");
      for (int i = 0; i < t.extraHeaders.size(); i++) {
        md.append("---:|");
      }
      md.append('\n');
      Double weft = t.weft();
      for (Row r : t.rows) {
        md.append("| ").append(r.contender()).append(" | ");
        if (r.median() == null) {
          md.append("absent: ").append(r.absent()).append(" | – |");
        } else {
          md.append(fmt(r.median())).append(" | ");
          md.append(weft == null || weft == 0 ? "–" : String.format(Locale.ROOT, "%.2fx", r.median() / weft));
          md.append(" |");
        }
        for (String e : r.extras()) {
          md.append(' ').append(e).append(" |");
        }
        md.append('\n');
      }
      md.append("\nRatio = contender ÷ Weft; ").append(t.lowerIsBetter ? "lower" : "higher").append(" is better.\n");
      for (String n : t.notes) {
        md.append("\n").append(n).append('\n');
      }
      md.append("\n![").append(t.title).append("](benchmarks/").append(t.chartFile()).append(")\n");
    }
    md.append("\n## Targets (issue 6)\n\n| target | goal | measured | met |\n|---|---|---|---|\n");
    for (Target g : targets) {
      md.append("| ").append(g.what()).append(" | ").append(g.goal()).append(" | ").append(g.measured())
          .append(" | ").append(g.met() == null ? "not measured" : g.met() ? "yes" : "**no**").append(" |\n");
    }
    md.append(profiles);
    md.append(findings);
    Files.writeString(outDir.resolve("benchmarks.md"), md, StandardCharsets.UTF_8);
  }

  private static void chart(final Table t, final Path file) throws IOException {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Row r : t.rows) {
      if (r.median() != null) {
        names.add(r.label());
        values.add(r.median());
      }
    }
    if (names.isEmpty()) {
      names.add("(no data)");
      values.add(0.0);
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420).title(t.title)
        .xAxisTitle("contender").yAxisTitle(t.metric + (t.lowerIsBetter ? " (lower is better)" : " (higher is better)"))
        .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setXAxisLabelRotation(0);
    chart.getStyler().setDecimalPattern(t.lowerIsBetter && values.stream().allMatch(v -> v < 100) ? "0.00" : "#,##0");
    chart.addSeries(t.metric, names, values);
    String name = file.getFileName().toString();
    BitmapEncoder.saveBitmap(chart, file.getParent().resolve(name.substring(0, name.length() - 4)).toString(),
        BitmapEncoder.BitmapFormat.PNG);
  }
}
