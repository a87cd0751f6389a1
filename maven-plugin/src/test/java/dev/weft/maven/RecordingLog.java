package dev.weft.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/** A Maven log that keeps what it is told, as {@code LEVEL message} lines. */
final class RecordingLog implements Log {

  final List<String> lines = new ArrayList<>();

  List<String> at(final String level) {
    return lines.stream().filter(l -> l.startsWith(level + " ")).map(l -> l.substring(level.length() + 1)).toList();
  }

  private void add(final String level, final CharSequence message, final Throwable error) {
    lines.add(level + " " + message + (error == null ? "" : " " + error));
  }

  @Override public boolean isDebugEnabled() { return true; }
  @Override public void debug(final CharSequence m) { add("DEBUG", m, null); }
  @Override public void debug(final CharSequence m, final Throwable e) { add("DEBUG", m, e); }
  @Override public void debug(final Throwable e) { add("DEBUG", "", e); }
  @Override public boolean isInfoEnabled() { return true; }
  @Override public void info(final CharSequence m) { add("INFO", m, null); }
  @Override public void info(final CharSequence m, final Throwable e) { add("INFO", m, e); }
  @Override public void info(final Throwable e) { add("INFO", "", e); }
  @Override public boolean isWarnEnabled() { return true; }
  @Override public void warn(final CharSequence m) { add("WARN", m, null); }
  @Override public void warn(final CharSequence m, final Throwable e) { add("WARN", m, e); }
  @Override public void warn(final Throwable e) { add("WARN", "", e); }
  @Override public boolean isErrorEnabled() { return true; }
  @Override public void error(final CharSequence m) { add("ERROR", m, null); }
  @Override public void error(final CharSequence m, final Throwable e) { add("ERROR", m, e); }
  @Override public void error(final Throwable e) { add("ERROR", "", e); }
}
