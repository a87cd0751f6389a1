package dev.weft.transformer.cli;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@link TransformerMain}:
 *
 * <pre>
 * [--classpath PATH] [--] DIR|JAR...
 * </pre>
 *
 * <p>{@code --classpath} (also {@code --classpath=PATH} and {@code -cp PATH}) takes a
 * {@link File#pathSeparator}-separated list of directories and jars; it may be given more than once, and the
 * lists add up. Empty list elements are ignored, as {@code java -cp} does.
 *
 * <p>Immutable.
 *
 * @param classpath where referenced classes live, in search order; never null, may be empty
 * @param inputs the directories and jars to rewrite in place; never null, never empty
 */
record Arguments(List<Path> classpath, List<Path> inputs) {

  /** The one-line synopsis printed with every argument error. */
  static final String USAGE =
      "usage: java -jar weft-transformer.jar [--classpath PATH] DIR|JAR...";

  /** A command line that cannot be parsed; its message says why, without the usage line. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(final String message) {
      super(message);
    }
  }

  Arguments {
    classpath = List.copyOf(classpath);
    inputs = List.copyOf(inputs);
  }

  /**
   * Parses a command line. {@code --help} is not handled here (the caller checks for it first).
   *
   * @param args the arguments of {@code main}; never null
   * @return the parsed arguments; never null
   * @throws Invalid on an unknown option, an option without its value, or no input at all
   */
  static Arguments parse(final String[] args) throws Invalid {
    List<Path> classpath = new ArrayList<>();
    List<Path> inputs = new ArrayList<>();
    boolean options = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (options && arg.equals("--")) {
        options = false;
      } else if (options && (arg.equals("--classpath") || arg.equals("-cp"))) {
        if (i + 1 == args.length) {
          throw new Invalid(arg + " needs a value (a " + File.pathSeparator + "-separated list of directories and jars)");
        }
        addPathList(args[++i], classpath);
      } else if (options && arg.startsWith("--classpath=")) {
        addPathList(arg.substring("--classpath=".length()), classpath);
      } else if (options && arg.startsWith("-") && arg.length() > 1) {
        throw new Invalid("unknown option " + arg);
      } else if (arg.isEmpty()) {
        throw new Invalid("empty input path");
      } else {
        inputs.add(path(arg));
      }
    }
    if (inputs.isEmpty()) {
      throw new Invalid("no input: name at least one class directory or jar");
    }
    return new Arguments(classpath, inputs);
  }

  /** @return true when the user asked for help ({@code -h}, {@code --help}) anywhere before {@code --} */
  static boolean wantsHelp(final String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("-h") || arg.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  private static Path path(final String text) throws Invalid {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new Invalid("invalid path " + text + ": " + e.getReason());
    }
  }

  private static void addPathList(final String list, final List<Path> into) throws Invalid {
    for (String element : list.split(File.pathSeparator, -1)) {
      if (!element.isEmpty()) {
        into.add(path(element));
      }
    }
  }
}
