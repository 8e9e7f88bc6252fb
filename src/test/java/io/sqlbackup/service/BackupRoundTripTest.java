package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility contract end to end: a backup of the replica, opened with the real openssl and
 * tar exactly as the old restore runbook does, loaded by the real myloader into a fresh server,
 * gives every table the same CHECKSUM TABLE as the primary.
 */
class BackupRoundTripTest {

    private static final String KEY = "correct horse battery staple";
    private static List<String> databases;

    @BeforeAll
    static void loadWikis() throws Exception {
        ReplicationPair pair = TestServers.pair();
        try (Connection c = pair.primary().connect()) {
            databases = WikiDataset.load(c, "roundtrip", 3, 400);
        }
        pair.awaitReplicaCaughtUp();
    }

    @Test
    void archiveOpensWithOpensslAndTarAndLoadsWithMyloaderToEqualChecksums(@TempDir Path tmp) throws Exception {
        Tools.require("openssl", "tar", "gzip", "myloader");
        ReplicationPair pair = TestServers.pair();
        Path bucket = tmp.resolve("bucket");

        CliRun run = CliRun.of("backup",
                "--set", "sqlbackup.source.url=" + pair.replica().jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + bucket,
                "--set", "sqlbackup.key=" + KEY,
                "--set", "sqlbackup.dump.databases=" + String.join(",", databases),
                // Small files and statements, so tables span several data files as large ones do.
                "--set", "sqlbackup.dump.chunk-size=64KB",
                "--set", "sqlbackup.dump.statement-size=8KB");
        assertEquals(0, run.exit(), run.err());

        List<Path> objects = listObjects(bucket);
        assertEquals(1, objects.size(), "one archive, nothing else: " + objects);
        Path archive = objects.get(0);
        assertTrue(archive.getFileName().toString().matches("mydumper-backup-\\d{4}-\\d{2}-\\d{2}_\\d{6}\\.tar\\.gz"), archive.toString());
        assertTrue(run.out().contains(archive.getFileName().toString()), run.out());

        // Exactly the old runbook's commands.
        Path restore = Files.createDirectories(tmp.resolve("restore"));
        Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + archive + " | tar xz -C " + restore);
        Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + archive + " | gzip -t");
        String listing = Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + archive + " | tar tz");
        assertTrue(Arrays.stream(listing.split("\n")).allMatch(n -> n.startsWith("./")), listing);
        assertTrue(listing.contains("./metadata\n") && listing.contains("./sqlbackup-manifest.json\n"), listing);
        String first = databases.get(0);
        assertTrue(Files.exists(restore.resolve(first + "-schema-create.sql")));
        assertTrue(Files.exists(restore.resolve(first + ".page-schema.sql")));
        assertTrue(Files.exists(restore.resolve(first + ".text.00001.sql")), "large tables span several files");
        assertTrue(Files.exists(restore.resolve(first + ".page_summary-schema-view.sql")));
        assertTrue(Files.exists(restore.resolve(first + ".revision-schema-triggers.sql")));
        assertTrue(Files.exists(restore.resolve(first + "-schema-post.sql")));

        String metadata = Files.readString(restore.resolve("metadata"));
        String replicaGtid = scalar(pair.replica(), "SELECT @@GLOBAL.gtid_slave_pos");
        assertTrue(metadata.startsWith("Started dump at: "), metadata);
        assertTrue(metadata.contains("SHOW SLAVE STATUS:\n\tHost: 127.0.0.1\n\tLog: mysql-bin."), metadata);
        assertTrue(metadata.contains("\tGTID:" + replicaGtid + "\n"), metadata);
        assertTrue(metadata.contains("Finished dump at: "), metadata);

        try (MariaDbServer fresh = TestServers.fresh(30)) {
            Tools.shellOk(tmp, "myloader -h 127.0.0.1 -P " + fresh.port() + " -u root -t 2 -d " + restore);
            String[] dbs = databases.toArray(String[]::new);
            Map<String, Long> source;
            Map<String, Long> loaded;
            try (Connection p = pair.primary().connect(); Connection f = fresh.connect()) {
                source = Checksums.of(p, dbs);
                loaded = Checksums.of(f, dbs);
                assertEquals(Checksums.count(p, "SELECT COUNT(*) FROM " + first + ".revision"),
                        Checksums.count(f, "SELECT COUNT(*) FROM " + first + ".revision"));
                assertEquals(1, Checksums.count(f, "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + first + "'"));
                assertEquals(1, Checksums.count(f, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + first + "'"));
                assertEquals(1, Checksums.count(f, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + first + "'"));
            }
            assertEquals(databases.size() * 9, source.size(), "every wiki table compared: " + source.keySet());
            assertEquals(source, loaded);
        }
    }

    static List<Path> listObjects(Path bucket) throws Exception {
        try (Stream<Path> files = Files.list(bucket)) {
            return files.map(Path::getFileName).map(Path::toString)
                    .filter(n -> !n.startsWith(".") && !n.endsWith(".sha256") && !n.endsWith(".metadata.json"))
                    .map(bucket::resolve).sorted().toList();
        }
    }

    private static String scalar(MariaDbServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void sha256SidecarMatchesTheObject(@TempDir Path tmp) throws Exception {
        Tools.require("sha256sum");
        CliRun run = CliRun.of("backup",
                "--set", "sqlbackup.source.url=" + TestServers.pair().replica().jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + tmp,
                "--set", "sqlbackup.key=" + KEY,
                "--set", "sqlbackup.dump.databases=" + databases.get(0));
        assertEquals(0, run.exit(), run.err());
        String check = Tools.shellOk(tmp, "sha256sum -c *.sha256");
        assertTrue(check.contains(": OK"), check);
        assertFalse(check.contains("FAILED"), check);
    }
}
