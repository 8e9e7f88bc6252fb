package io.sqlbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sqlbackup.cli.progress.ProgressMode;
import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code backup}, {@code extract}, {@code verify} and {@code restore} with output that is not a terminal (as under the
 * test runner, a pipe or CI): progress comes as plain lines on stderr every interval, and stdout
 * holds the same report as without progress.
 */
class ProgressOutputTest {

    private static final String KEY = "progress output key";
    /** Small, so that even a quick command prints some progress lines. */
    private static final String INTERVAL = "10ms";

    @TempDir
    static Path shared;

    private static Path bucket;
    private static CliRun backup;
    private static String archiveName;

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneBackupWithProgress() throws Exception {
        assumeFalse(ProgressMode.onTerminal(), "the test reads the progress lines printed when the output is not a terminal");
        List<String> databases;
        try (Connection c = TestServers.pair().primary().connect()) {
            databases = WikiDataset.load(c, "progress", 2, 600);
        }
        TestServers.pair().awaitReplicaCaughtUp();
        bucket = shared.resolve("bucket");
        backup = CliRun.of("backup", "--progress-interval", INTERVAL,
                "--set", "sqlbackup.source.url=" + TestServers.pair().replica().jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + bucket, "--set", "sqlbackup.key=" + KEY,
                "--set", "sqlbackup.dump.databases=" + String.join(",", databases),
                "--set", "sqlbackup.dump.chunk-size=64KB");
        assertEquals(0, backup.exit(), backup.err());
        try (Stream<Path> files = Files.list(bucket)) {
            archiveName = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz")).findFirst().orElseThrow();
        }
    }

    private static CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "sqlbackup.bucket=file:" + bucket, "--set", "sqlbackup.key=" + KEY));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<String> progressLines(String err, String task) {
        return err.lines().filter(l -> l.startsWith(task + ": ")).toList();
    }

    /** A read of the archive (extract, verify): lines of its bytes read, in percent of the object's size. */
    private static List<String> assertArchiveReadLines(CliRun run, String task, String verb) {
        List<String> lines = progressLines(run.err(), task);
        assertFalse(lines.isEmpty(), "progress lines on stderr: " + run.err());
        Pattern shape = Pattern.compile(task + ": (opening the archive|" + verb + " " + Pattern.quote(archiveName)
                + ": \\d+%, .* of .*)");
        lines.forEach(l -> assertTrue(shape.matcher(l).matches(), l));
        return lines;
    }

    @Test
    void backupPrintsProgressLinesOnStderrAndOnlyItsReportOnStdout() {
        List<String> lines = progressLines(backup.err(), "backup");
        assertFalse(lines.isEmpty(), "progress lines on stderr: " + backup.err());
        Pattern shape = Pattern.compile("backup: (opening the snapshot|dumping|storing the archive)(: .*)?");
        lines.forEach(l -> assertTrue(shape.matcher(l).matches(), l));
        assertTrue(lines.stream().anyMatch(l -> l.matches("backup: (dumping|storing the archive): \\d+%, .* tables, .* rows")),
                "a line with the percent and the tables: " + lines);
        assertFalse(backup.err().contains(KEY), "no secret in the output");

        List<String> report = backup.out().lines().toList();
        assertEquals(5, report.size(), backup.out());
        assertEquals("Backup " + archiveName + " stored", report.get(0));
        assertTrue(report.get(1).startsWith("  location  "), backup.out());
        assertTrue(report.get(2).startsWith("  size      "), backup.out());
        assertTrue(report.get(3).startsWith("  content   "), backup.out());
        assertTrue(report.get(4).startsWith("  time      "), backup.out());
    }

    @Test
    void extractPrintsProgressLinesAndTheSameReportAsWithoutProgress() {
        Path quiet = tmp.resolve("quiet");
        CliRun without = cli("extract", archiveName, quiet.toString(), "--progress", "none");
        assertEquals(0, without.exit(), without.err());
        assertTrue(progressLines(without.err(), "extract").isEmpty(), without.err());

        Path watched = tmp.resolve("watched");
        CliRun with = cli("extract", archiveName, watched.toString(), "--progress-interval", INTERVAL);
        assertEquals(0, with.exit(), with.err());

        List<String> lines = assertArchiveReadLines(with, "extract", "extracting");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("extract: extracting ")), lines.toString());
        assertFalse(with.err().contains(KEY), "no secret in the output");

        assertEquals(without.out().replace(quiet.toString(), "DIR"), with.out().replace(watched.toString(), "DIR"));
        assertTrue(with.out().startsWith(archiveName + " extracted"), with.out());
    }

    @Test
    void verifyPrintsProgressLinesAndItsReport() {
        CliRun verify = cli("verify", archiveName, "--progress-interval", INTERVAL);
        assertEquals(0, verify.exit(), verify.err());
        assertArchiveReadLines(verify, "verify", "verifying");
        assertTrue(verify.out().startsWith(archiveName + " verified"), verify.out());
    }

    @Test
    void restorePrintsTheStagesAndTheRowsLoadedOnStderr() throws Exception {
        try (MariaDbServer target = TestServers.fresh(92)) {
            CliRun restore = cli("restore", "--targets", "primary", "--no-replication", "--progress-interval", INTERVAL,
                    "--set", "sqlbackup.primary.url=" + target.jdbcUrl());
            assertEquals(0, restore.exit(), restore.err());
            List<String> lines = progressLines(restore.err(), "restore");
            assertFalse(lines.isEmpty(), "progress lines on stderr: " + restore.err());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("restore: verifying")), "the verify pass: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.matches("restore: loading the primary.*: \\d+%, .*\\d+/\\d+ tables")),
                    "the rows loaded, with the tables: " + lines);
            assertFalse(restore.err().contains(KEY), "no secret in the output");
            assertFalse(restore.out().lines().anyMatch(l -> l.startsWith("restore: ")), "progress stays off stdout");
        }
    }
}
