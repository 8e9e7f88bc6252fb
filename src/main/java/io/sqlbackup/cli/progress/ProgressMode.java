package io.sqlbackup.cli.progress;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** How progress is shown: {@code --progress=auto|bar|log|none}. */
public enum ProgressMode {
    /** A bar when stderr is a terminal, else log lines. */
    AUTO,
    /** A bar drawn in place on stderr (percent, bytes, rate, ETA). */
    BAR,
    /** A plain line on stderr every {@code --progress-interval}, for pipes, files and CI logs. */
    LOG,
    /** Nothing. */
    NONE;

    /**
     * The mode to use. {@code auto} draws a bar only on an interactive terminal: not when the output
     * goes to a pipe or a file, not under CI (the {@code CI} variable most CI systems set), not on a
     * terminal that cannot move the cursor ({@code TERM=dumb}); a bar there would fill the log with
     * carriage returns.
     *
     * @param terminal whether the output is an interactive terminal
     * @param env      the environment variables
     */
    public ProgressMode resolve(boolean terminal, Map<String, String> env) {
        if (this != AUTO) {
            return this;
        }
        String ci = env.getOrDefault("CI", "");
        boolean underCi = !ci.isBlank() && !"false".equalsIgnoreCase(ci) && !"0".equals(ci);
        return terminal && !underCi && !"dumb".equals(env.get("TERM")) ? BAR : LOG;
    }

    /**
     * Whether stderr, where the bar goes, is a terminal. Where the system tells (Linux {@code /proc}),
     * that alone decides, so {@code backup > report.txt} on a terminal still draws the bar; elsewhere
     * the console does (before Java 22 there is one only when stdin and stdout are terminals).
     */
    public static boolean onTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(stderr)) {
                return isTerminalDevice(Files.readSymbolicLink(stderr).toString());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no answer: the console decides
        }
        Console console = System.console();
        return console != null && consoleIsTerminal(console);
    }

    /** A terminal device, as /proc names the file behind a descriptor. */
    static boolean isTerminalDevice(String file) {
        return file.startsWith("/dev/pts/") || file.startsWith("/dev/tty") || file.equals("/dev/console");
    }

    /** From Java 22 there is always a console; it says itself whether it is a terminal. */
    private static boolean consoleIsTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }
}
