package io.sqlbackup.cli.progress;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.DurationSetting;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --progress} and {@code --progress-interval}, for the commands that run long. */
public final class ProgressOptions {

    /** How often the bar is redrawn. */
    static final Duration BAR_REFRESH = Duration.ofMillis(200);

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "How to show progress on stderr: auto (a bar on a terminal, else a line every --progress-interval),"
                    + " bar, log or none (default: auto).")
    ProgressMode mode = ProgressMode.AUTO;

    @Option(names = "--progress-interval", defaultValue = "5s", paramLabel = "DURATION", converter = IntervalConverter.class,
            description = "Time between progress lines when no bar is drawn, e.g. 5s, 1m, 500ms (default: 5s).")
    Duration interval = Duration.ofSeconds(5);

    /** The mode this command line asks for, before {@code auto} is decided. */
    public ProgressMode mode() {
        return mode;
    }

    /** Starts showing the progress of {@code task} (e.g. {@code backup}) on {@code err}, as the options and the output decide. */
    public ProgressView open(String task, ProgressSource source, PrintWriter err) {
        return open(mode.resolve(ProgressMode.onTerminal(), System.getenv()), task, source, err);
    }

    /** Starts showing progress in a mode already decided. */
    ProgressView open(ProgressMode resolved, String task, ProgressSource source, PrintWriter err) {
        return switch (resolved) {
            case NONE -> ProgressView.NONE;
            case LOG -> new LogLineView(task, source, err, interval);
            // the library's own probe of the terminal's width, asked on every redraw (the window may change)
            case BAR, AUTO -> {
                ConsoleProgressBarConsumer probe = new ConsoleProgressBarConsumer(System.err);
                yield new TerminalBarView(task, source, err, probe::getMaxRenderedLength, BAR_REFRESH, true);
            }
        };
    }

    /** {@code 500ms}, {@code 5s}, {@code 1m}, {@code PT10S}; more than zero. */
    public static final class IntervalConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            Duration d;
            try {
                d = t.matches("\\d+\\s*ms") ? Duration.ofMillis(Long.parseLong(t.replaceAll("\\D", ""))) : DurationSetting.parse("--progress-interval", t);
            } catch (ConfigurationException | NumberFormatException e) {
                d = null;
            }
            if (d == null || d.isZero() || d.isNegative()) {
                throw new TypeConversionException("'" + text + "' is not a duration above zero: use e.g. 500ms, 5s or 1m");
            }
            return d;
        }
    }
}
