package io.sqlbackup.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/retention.camel.yaml against a real bucket directory: through {@code sqlbackup retention}
 * and after a real backup. Old "backups" here are placeholder files: retention decides on names
 * and never reads the content.
 */
class RetentionRouteTest {

    private static final List<String> OLD = List.of(
            "mydumper-backup-2020-01-01_020000.tar.gz",
            "mydumper-backup-2020-01-02_020000.tar.gz",
            "mydumper-backup-2020-01-03_020000.tar.zst");
    private static final List<String> FOREIGN = List.of("README.txt", "mydumper-backup-latest.tar.gz", "db.sql.gz");

    @TempDir
    Path tmp;

    private Path seed(List<String> names) throws Exception {
        Path bucket = Files.createDirectories(tmp.resolve("bucket"));
        for (String name : names) {
            Files.writeString(bucket.resolve(name), "placeholder " + name);
        }
        return bucket;
    }

    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static CliRun retention(Path bucket, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("retention", "--set", "sqlbackup.bucket=file:" + bucket,
                "--set", "sqlbackup.retention.keep-last=1", "--set", "sqlbackup.retention.max-age=1d"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void dryRunPrintsEveryDecisionAndDeletesNothing() throws Exception {
        Path bucket = seed(Stream.concat(OLD.stream(), FOREIGN.stream()).toList());
        Set<String> before = files(bucket);
        CliRun run = retention(bucket, "--dry-run");
        assertEquals(0, run.exit(), run.err());
        assertEquals(before, files(bucket));
        assertTrue(run.out().contains("mydumper-backup-2020-01-01_020000.tar.gz: would delete"), run.out());
        assertTrue(run.out().contains("mydumper-backup-2020-01-03_020000.tar.zst: keep (the newest backup is always kept)"), run.out());
        assertTrue(run.out().contains("README.txt: ignore"), run.out());
        assertTrue(run.out().contains("dry run: 1 backups kept, 2 would be deleted, 3 other objects left alone"), run.out());
    }

    @Test
    void deletesOutsideThePolicyWithSidecarsAndNeverForeignObjects() throws Exception {
        Path bucket = seed(Stream.concat(OLD.stream(), FOREIGN.stream()).toList());
        Files.writeString(bucket.resolve(OLD.get(0) + ".sha256"), "x  " + OLD.get(0) + "\n");
        CliRun run = retention(bucket);
        assertEquals(0, run.exit(), run.err());
        Set<String> expected = new TreeSet<>(FOREIGN);
        expected.add(OLD.get(2));
        assertEquals(expected, files(bucket));
    }

    @Test
    void withOnlyOneOldBackupAndForeignFilesNothingIsDeleted() throws Exception {
        Path bucket = seed(List.of(OLD.get(0), FOREIGN.get(0), FOREIGN.get(1)));
        Set<String> before = files(bucket);
        CliRun run = retention(bucket);
        assertEquals(0, run.exit(), run.err());
        assertEquals(before, files(bucket));
    }

    @Test
    void aStoredBackupPrunesOlderOnesAfterwards() throws Exception {
        try (Connection c = TestServers.pair().primary().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS retention_db");
            s.execute("CREATE TABLE IF NOT EXISTS retention_db.t (id INT PRIMARY KEY)");
        }
        Path bucket = seed(Stream.concat(OLD.stream(), FOREIGN.stream()).toList());
        CliRun run = CliRun.of("backup",
                "--set", "sqlbackup.source.url=" + TestServers.pair().primary().jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + bucket,
                "--set", "sqlbackup.key=k",
                "--set", "sqlbackup.dump.databases=retention_db",
                "--set", "sqlbackup.retention.keep-last=2",
                "--set", "sqlbackup.retention.max-age=1d");
        assertEquals(0, run.exit(), run.err());
        Set<String> left = files(bucket);
        // The new backup and the newest old one (keep-last 2), its sidecars, and every foreign file.
        assertTrue(left.containsAll(FOREIGN), left.toString());
        assertTrue(left.contains(OLD.get(2)), left.toString());
        assertEquals(2, left.stream().filter(n -> n.matches("mydumper-backup-[0-9_-]+\\.tar\\.(gz|zst)")).count(), left.toString());
    }
}
