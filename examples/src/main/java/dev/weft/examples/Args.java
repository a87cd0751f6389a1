package dev.weft.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A demo's command line: options ({@code -p 2}, {@code --nprod 2}, {@code --nprod=2}), flags ({@code -v}) and
 * positional arguments, read in that order and each removed as it is read.
 *
 * <pre>{@code
 * Args a = new Args(args, "asyncq [-p NPROD] [-c NCON]");
 * int nprod = a.intOption("-p|--nprod", 5, 0);
 * boolean color = a.flag("--color");
 * List<String> rest = a.positionals();          // fails on an unknown option
 * }</pre>
 *
 * <p>Anything wrong throws {@link UsageException}, which {@link Demos} reports with the usage line and exit
 * status 2. Thread rule: one thread (a demo's {@code main}). Nulls: none accepted or returned.
 */
final class Args {

    /** A bad command line: its message names the problem and then gives the usage line. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(final String problem, final String usage) {
            super(problem + System.lineSeparator() + "usage: " + usage);
        }
    }

    /** One line, {@code NAME [OPTIONS] [ARGS]}, shown after any error. */
    private final String usage;

    /** The tokens not yet read. */
    private final List<String> rest;

    /**
     * Wraps a command line.
     *
     * @param args  the arguments after the demo's name; not null
     * @param usage the usage line; not null
     */
    Args(final String[] args, final String usage) {
        this.usage = usage;
        this.rest = new ArrayList<>(Arrays.asList(args));
    }

    /**
     * Removes and returns an option's value.
     *
     * @param names the spellings, separated by {@code |}, for example {@code "-p|--nprod"}
     * @return the value, or null when the option is absent
     */
    String option(final String names) {
        for (String name : names.split("\\|")) {
            for (int i = 0; i < rest.size(); i++) {
                String token = rest.get(i);
                if (token.startsWith(name + "=")) {
                    rest.remove(i);
                    return token.substring(name.length() + 1);
                }
                if (token.equals(name)) {
                    if (i + 1 == rest.size()) {
                        throw fail(name + " needs a value");
                    }
                    rest.remove(i);
                    return rest.remove(i);
                }
            }
        }
        return null;
    }

    /**
     * An integer option.
     *
     * @param names the spellings, separated by {@code |}
     * @param def   the value when the option is absent
     * @param min   the least value accepted
     * @return the value
     */
    int intOption(final String names, final int def, final int min) {
        String value = option(names);
        return value == null ? def : parseInt(names, value, min);
    }

    /**
     * A {@code long} option (a seed).
     *
     * @param names the spellings, separated by {@code |}
     * @param def   the value when the option is absent
     * @return the value
     */
    long longOption(final String names, final long def) {
        String value = option(names);
        try {
            return value == null ? def : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw fail(names + ": " + value + " (expected: an integer)");
        }
    }

    /**
     * A positive decimal option (a time scale, a speed).
     *
     * @param names the spellings, separated by {@code |}
     * @param def   the value when the option is absent
     * @return the value, greater than zero
     */
    double positiveOption(final String names, final double def) {
        String value = option(names);
        if (value == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(names + ": " + value + " (expected: a number > 0)");
    }

    /**
     * Removes a flag.
     *
     * @param names the spellings, separated by {@code |}
     * @return whether it was given
     */
    boolean flag(final String names) {
        boolean found = false;
        for (String name : names.split("\\|")) {
            found |= rest.removeIf(name::equals);
        }
        return found;
    }

    /**
     * What is left once the options are read: the positional arguments.
     *
     * @return the positional arguments, in order
     * @throws UsageException if an unknown option is left
     */
    List<String> positionals() {
        for (String token : rest) {
            if (token.startsWith("-") && token.length() > 1 && !Character.isDigit(token.charAt(1))) {
                throw fail("unknown option: " + token);
            }
        }
        return List.copyOf(rest);
    }

    /**
     * Parses an integer argument.
     *
     * @param what  the argument's name, for the error
     * @param value the text
     * @param min   the least value accepted
     * @return the value
     */
    int parseInt(final String what, final String value, final int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(String.format(Locale.ROOT, "%s: %s (expected: an integer >= %d)", what, value, min));
    }

    /**
     * A usage error to throw.
     *
     * @param problem what is wrong
     * @return the exception, with the usage line
     */
    UsageException fail(final String problem) {
        return new UsageException(problem, usage);
    }
}
