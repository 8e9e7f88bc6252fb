package io.sqlbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input fails with exit status 1 and one line naming the cause and the key to fix, and leaves
 * nothing in the bucket.
 */
class BadInputTest {

    private static String sourceUrl;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sourceWithPassword() throws Exception {
        MariaDbServer primary = TestServers.pair().primary();
        try (Connection c = primary.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'backup'@'%' IDENTIFIED BY 'right-password'");
            s.execute("GRANT RELOAD, BINLOG MONITOR, SLAVE MONITOR, SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* TO 'backup'@'%'");
            s.execute("CREATE DATABASE IF NOT EXISTS badinput");
            s.execute("CREATE TABLE IF NOT EXISTS badinput.t (id INT PRIMARY KEY)");
        }
        sourceUrl = primary.jdbcUrl();
    }

    private CliRun backup(String... extra) {
        List<String> args = new ArrayList<>(List.of("backup",
                "--set", "sqlbackup.source.url=" + sourceUrl,
                "--set", "sqlbackup.source.user=backup",
                "--set", "sqlbackup.source.password=right-password",
                "--set", "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                "--set", "sqlbackup.key=k",
                "--set", "sqlbackup.dump.databases=badinput"));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private void assertFailsNaming(CliRun run, String key) throws Exception {
        assertEquals(1, run.exit(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + run.err());
        assertTrue(lines.get(0).startsWith("sqlbackup: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(key), "names " + key + ": " + lines.get(0));
        assertFalse(lines.get(0).contains("right-password"), "no secret in the message");
        Path bucket = tmp.resolve("bucket");
        if (Files.isDirectory(bucket)) {
            try (Stream<Path> left = Files.list(bucket)) {
                assertEquals(List.of(), left.toList(), "nothing left in the bucket");
            }
        }
    }

    @Test
    void goodSettingsSucceed() {
        CliRun run = backup();
        assertEquals(0, run.exit(), run.err());
    }

    @Test
    void missingKey() throws Exception {
        assertFailsNaming(backup("sqlbackup.key="), "sqlbackup.key");
    }

    @Test
    void unreachableSource() throws Exception {
        assertFailsNaming(backup("sqlbackup.source.url=jdbc:mariadb://127.0.0.1:1/"), "sqlbackup.source.url");
    }

    @Test
    void wrongPassword() throws Exception {
        assertFailsNaming(backup("sqlbackup.source.password=wrong-password"), "sqlbackup.source.password");
    }

    @Test
    void unwritableBucketDirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun run = backup("sqlbackup.bucket=file:" + file.resolve("bucket"));
        assertFailsNaming(run, "sqlbackup.bucket");
    }

    @Test
    void verifyOfAMissingFileSaysSo() {
        Path missing = tmp.resolve("no-such-dir/mydumper-backup-2001-01-01_000000.tar.gz");
        CliRun run = CliRun.of("verify", "--set", "sqlbackup.key=k", missing.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("there is no file " + missing), run.err());
    }

    @Test
    void aManagementPortInUseFailsTheServiceAtStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> CliRun.of("run", "--set", "sqlbackup.key=k", "--set", "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                            "--set", "sqlbackup.source.url=" + sourceUrl, "--set", "camel.management.host=127.0.0.1",
                            "--set", "camel.management.port=" + taken.getLocalPort()));
            assertFailsNaming(run, "camel.management.port");
            assertTrue(run.err().contains(String.valueOf(taken.getLocalPort())), run.err());
        }
    }

    @Test
    void invalidCron() throws Exception {
        CliRun run = CliRun.of("run", "--set", "sqlbackup.schedule=every night", "--set", "sqlbackup.key=k",
                "--set", "sqlbackup.bucket=file:" + tmp.resolve("bucket"));
        assertFailsNaming(run, "sqlbackup.schedule");
    }

    @Test
    void unknownDatabase() throws Exception {
        assertFailsNaming(backup("sqlbackup.dump.databases=no_such_db"), "sqlbackup.dump.databases");
    }

    @Test
    void restoreOfMissingBackupFailsBeforeTouchingAServer() throws Exception {
        assertEquals(0, backup().exit());
        // Targets that cannot be reached: the name is refused first, so the error is about it.
        CliRun run = CliRun.of("restore", "--backup", "mydumper-backup-2001-01-01_000000.tar.gz",
                "--set", "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                "--set", "sqlbackup.key=k",
                "--set", "sqlbackup.primary.url=jdbc:mariadb://127.0.0.1:1/",
                "--set", "sqlbackup.replica.url=jdbc:mariadb://127.0.0.1:1/");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("no object named mydumper-backup-2001-01-01_000000.tar.gz"), run.err());
        assertFalse(run.err().contains("127.0.0.1:1"), "no server was tried: " + run.err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, CliRun.of("no-such-command").exit());
        assertEquals(2, CliRun.of("backup", "--no-such-option").exit());
        CliRun misspelt = CliRun.of("list", "--set", "sqlbackup.buckett=file:" + tmp.resolve("bucket"));
        assertEquals(2, misspelt.exit(), misspelt.err());
        assertTrue(misspelt.err().contains("did you mean sqlbackup.bucket?"), misspelt.err());
        assertEquals(2, CliRun.of("list", "--set", "nonsense").exit());
        CliRun bucketOnly = CliRun.of("verify", "--set", "sqlbackup.key=k", "gs://bucket-only");
        assertEquals(2, bucketOnly.exit(), bucketOnly.err());
        assertTrue(bucketOnly.err().contains("names no object: use gs://BUCKET/PREFIX/NAME"), bucketOnly.err());
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exit());
        for (String built : List.of("run", "backup", "list", "verify", "extract", "restore", "retention", "demo")) {
            assertTrue(run.out().contains("  " + built + " "), run.out());
        }
    }
}
