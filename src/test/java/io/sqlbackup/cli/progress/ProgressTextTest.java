package io.sqlbackup.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.bucket.ObjectReadProgress;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The log line's text, the figures behind it (with a clock the test sets), and when lines are printed. */
class ProgressTextTest {

    private static final long MIB = 1L << 20;

    @Test
    void aMeasuredTaskShowsPercentBytesOfTotalRateAndEta() {
        Progress p = new Progress("extracting mydumper-backup-2026-11-24_020000.tar.gz", 0.456, 120 * MIB, 266 * MIB,
                35.2 * MIB, 4, null);
        assertEquals("extract: extracting mydumper-backup-2026-11-24_020000.tar.gz: 45%, 120.0 MiB of 266.0 MiB, 35.2 MiB/s, ETA 0:04",
                ProgressText.logLine("extract", p));
    }

    @Test
    void withoutAnHonestMeasureThereIsNoPercent() {
        Progress p = new Progress("dumping", -1, 1536 * MIB, -1, 35 * MIB, -1, "12/456 tables, 300 rows");
        assertEquals("backup: dumping: 1.5 GiB, 35.0 MiB/s, 12/456 tables, 300 rows", ProgressText.logLine("backup", p));
    }

    @Test
    void aStageWithoutFiguresIsJustTheStage() {
        assertEquals("restore: re-pointing the replica", ProgressText.logLine("restore", Progress.stage("re-pointing the replica")));
    }

    @Test
    void percentRoundsDownAndDurationsGrowHours() {
        assertEquals("99%", ProgressText.percent(new Progress("x", 0.999, 0, -1, 0, -1, null)));
        assertEquals("100%", ProgressText.percent(new Progress("x", 1, 0, -1, 0, -1, null)));
        assertEquals("0:07", ProgressText.duration(7));
        assertEquals("12:05", ProgressText.duration(725));
        assertEquals("1:02:07", ProgressText.duration(3727));
    }

    @Test
    void theTimeLeftIsNotGuessedFromTheFirstPercent() {
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        assertEquals(-1, Pace.eta(0.005, tenSeconds));
        assertEquals(990, Pace.eta(0.01, tenSeconds));
        assertEquals(0, Pace.eta(1, tenSeconds));
    }

    @Test
    void anArchiveReadIsMeasuredAgainstTheObjectSize() throws Exception {
        ObjectReadProgress reading = new ObjectReadProgress();
        long[] now = {0};
        ObjectReadSource source = new ObjectReadSource("extracting", reading, () -> now[0]);
        assertEquals("extract: opening the archive", ProgressText.logLine("extract", source.read()));

        InputStream in = reading.watch("mydumper-backup-2026-11-24_020000.tar.gz", 100, new ByteArrayInputStream(new byte[100]));
        assertEquals(50, in.readNBytes(50).length);
        now[0] = reading.startedNanos() + Duration.ofSeconds(10).toNanos();
        Progress p = source.read();
        assertEquals(0.5, p.fraction(), 1e-9);
        assertEquals(5.0, p.bytesPerSecond(), 1e-9);
        assertEquals(10, p.etaSeconds());
        assertEquals("extract: extracting mydumper-backup-2026-11-24_020000.tar.gz: 50%, 50 B of 100 B, 5 B/s, ETA 0:10",
                ProgressText.logLine("extract", p));

        in.readAllBytes();
        now[0] = reading.startedNanos() + Duration.ofSeconds(20).toNanos();
        assertEquals("extract: extracting mydumper-backup-2026-11-24_020000.tar.gz: 100%, 100 B of 100 B, 5 B/s",
                ProgressText.logLine("extract", source.read()));
    }

    @Test
    void theLogViewPrintsOneWholeLinePerTickAndNothingAfterClose() {
        StringWriter text = new StringWriter();
        AtomicReference<Progress> now = new AtomicReference<>();
        // an interval the test never waits for: it ticks the view itself
        LogLineView view = new LogLineView("backup", now::get, new PrintWriter(text), Duration.ofHours(1));
        view.tick();
        assertEquals("", text.toString(), "nothing to show yet, nothing printed");

        now.set(new Progress("dumping", 0.25, 10 * MIB, -1, MIB, 30, "1/4 tables, 10 rows"));
        view.tick();
        assertEquals("backup: dumping: 25%, 10.0 MiB, 1.0 MiB/s, ETA 0:30, 1/4 tables, 10 rows" + System.lineSeparator(),
                text.toString());

        view.close();
        view.tick();
        assertEquals(1, text.toString().lines().count(), text.toString());
    }

    @Test
    void aFailingSourceIsSkipped() {
        StringWriter text = new StringWriter();
        try (LogLineView view = new LogLineView("verify", () -> {
            throw new IllegalStateException("gone");
        }, new PrintWriter(text), Duration.ofHours(1))) {
            view.tick();
        }
        assertFalse(text.toString().contains("gone"));
        assertTrue(text.toString().isEmpty());
    }
}
