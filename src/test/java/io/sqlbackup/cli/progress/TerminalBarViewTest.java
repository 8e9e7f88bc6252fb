package io.sqlbackup.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bar's line: its layout, log output above it instead of inside it, and a clean line once closed. */
class TerminalBarViewTest {

    private static final long MIB = 1L << 20;

    @Test
    void aMeasuredBarIsFilledToItsPercent() {
        Progress p = new Progress("extracting mydumper-backup-2026-11-24_020000.tar.gz", 0.5, 120 * MIB, 240 * MIB, 35 * MIB, 4, null);
        String line = BarRenderer.line("extract", p, 0, 100);
        assertTrue(line.length() <= 100, line);
        assertTrue(line.startsWith("extract  50% ["), line);
        String bar = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
        assertEquals(bar.length() / 2, bar.chars().filter(c -> c == '=').count(), line);
        assertTrue(line.contains("] 120.0 MiB of 240.0 MiB  35.0 MiB/s  ETA 0:04  extracting"), line);
    }

    @Test
    void withoutAMeasureABlockMovesAndNoPercentIsShown() {
        Progress p = new Progress("dumping", -1, 10 * MIB, -1, MIB, -1, "1/4 tables, 10 rows");
        String first = BarRenderer.line("backup", p, 0, 100);
        String next = BarRenderer.line("backup", p, 1, 100);
        assertFalse(first.contains("%"), first);
        assertTrue(first.contains("[<=>"), first);
        assertTrue(next.contains("[ <=>"), next);
    }

    @Test
    void aNarrowTerminalCutsTheLine() {
        Progress p = new Progress("loading the primary 10.0.0.5:3306", 0.3, 300 * MIB, 1000 * MIB, 30 * MIB, 23,
                "loading rows, 12/40 tables");
        String line = BarRenderer.line("restore", p, 0, 40);
        assertEquals(40, line.length(), line);
        assertTrue(line.startsWith("restore  30% [="), line);
    }

    @Test
    void logOutputErasesTheBarAndClosingLeavesACleanLine() {
        PrintStream realErr = System.err;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream tty = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        System.setErr(tty);
        try {
            Progress p = new Progress("dumping", 0.25, 10 * MIB, -1, MIB, 30, "1/4 tables, 10 rows");
            TerminalBarView view = new TerminalBarView("backup", () -> p, new PrintWriter(tty, true), () -> 100, Duration.ofHours(1), true);
            view.refresh();
            // the log writes to System.err
            System.err.print("a log message\n");
            view.print(() -> tty.print("  a step of the command\n"));
            view.close();
            assertSame(tty, System.err, "stderr is put back");

            String shown = terminal.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains("\rbackup  25% ["), shown);
            assertTrue(shown.contains("\033[K" + TerminalLine.ERASE + "a log message\n"), "the bar is erased before the log: " + shown);
            assertTrue(shown.contains(TerminalLine.ERASE + "  a step of the command\n") || shown.contains("a log message\n  a step of the command\n"),
                    shown);
            assertTrue(shown.endsWith(TerminalLine.ERASE), "the bar is cleared when closed: " + shown);
            view.close();
            System.err.print("after\n");
            assertTrue(terminal.toString(StandardCharsets.UTF_8).endsWith(TerminalLine.ERASE + "after\n"));
        } finally {
            System.setErr(realErr);
        }
    }

    @Test
    void theBarIsClearedWhenTheJvmStopsAndForgetsThatOnceClosed() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintWriter tty = new PrintWriter(new java.io.OutputStreamWriter(terminal, StandardCharsets.UTF_8), true);
        Progress p = new Progress("dumping", 0.25, 10 * MIB, -1, MIB, 30, "1/4 tables, 10 rows");
        TerminalBarView view = new TerminalBarView("backup", () -> p, tty, () -> 100, Duration.ofHours(1), false);
        view.refresh();
        // what the JVM runs on Ctrl-C
        view.clearOnExit.run();
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\rbackup  25% ["), shown);
        assertTrue(shown.endsWith(TerminalLine.ERASE), "the line is cleared: " + shown);
        // closed normally, the hook is gone: removing it again finds nothing
        TerminalBarView other = new TerminalBarView("backup", () -> p, tty, () -> 100, Duration.ofHours(1), false);
        other.close();
        assertFalse(Runtime.getRuntime().removeShutdownHook(other.clearOnExit));
    }
}
