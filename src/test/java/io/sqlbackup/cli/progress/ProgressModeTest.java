package io.sqlbackup.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which view a command gets: a bar only on an interactive terminal, log lines elsewhere. */
class ProgressModeTest {

    @Test
    void autoDrawsABarOnlyOnATerminal() {
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true, Map.of()));
        assertEquals(ProgressMode.LOG, ProgressMode.AUTO.resolve(false, Map.of()));
    }

    @Test
    void autoPrintsLinesUnderCiAndOnADumbTerminal() {
        assertEquals(ProgressMode.LOG, ProgressMode.AUTO.resolve(true, Map.of("CI", "true")));
        assertEquals(ProgressMode.LOG, ProgressMode.AUTO.resolve(true, Map.of("CI", "1")));
        assertEquals(ProgressMode.LOG, ProgressMode.AUTO.resolve(true, Map.of("TERM", "dumb")));
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true, Map.of("CI", "false", "TERM", "xterm-256color")));
    }

    @Test
    void anExplicitModeIsKept() {
        assertEquals(ProgressMode.BAR, ProgressMode.BAR.resolve(false, Map.of("CI", "true")));
        assertEquals(ProgressMode.LOG, ProgressMode.LOG.resolve(true, Map.of()));
        assertEquals(ProgressMode.NONE, ProgressMode.NONE.resolve(true, Map.of()));
    }

    @Test
    void theResolvedModePicksTheView() {
        ProgressOptions options = new ProgressOptions();
        PrintWriter err = new PrintWriter(new StringWriter());
        ProgressSource source = () -> Progress.stage("dumping");
        assertSame(ProgressView.NONE, options.open(ProgressMode.NONE, "backup", source, err));
        try (ProgressView log = options.open(ProgressMode.LOG, "backup", source, err)) {
            assertInstanceOf(LogLineView.class, log);
        }
    }

    @Test
    void theIntervalTakesMillisecondsAndTheUsualDurations() {
        ProgressOptions.IntervalConverter convert = new ProgressOptions.IntervalConverter();
        assertEquals(java.time.Duration.ofMillis(250), convert.convert("250ms"));
        assertEquals(java.time.Duration.ofSeconds(30), convert.convert("30s"));
        assertEquals(java.time.Duration.ofMinutes(1), convert.convert("1m"));
        org.junit.jupiter.api.Assertions.assertThrows(picocli.CommandLine.TypeConversionException.class, () -> convert.convert("0s"));
        org.junit.jupiter.api.Assertions.assertThrows(picocli.CommandLine.TypeConversionException.class, () -> convert.convert("soon"));
    }

    @Test
    void stderrIsATerminalWhenItIsATerminalDevice() {
        org.junit.jupiter.api.Assertions.assertTrue(ProgressMode.isTerminalDevice("/dev/pts/3"));
        org.junit.jupiter.api.Assertions.assertTrue(ProgressMode.isTerminalDevice("/dev/tty1"));
        org.junit.jupiter.api.Assertions.assertFalse(ProgressMode.isTerminalDevice("pipe:[123456]"));
        org.junit.jupiter.api.Assertions.assertFalse(ProgressMode.isTerminalDevice("/tmp/report.txt"));
        org.junit.jupiter.api.Assertions.assertFalse(ProgressMode.isTerminalDevice("/dev/null"));
    }
}
