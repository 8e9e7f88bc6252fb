package io.sqlbackup.restore;

import io.sqlbackup.config.Settings;
import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.service.SqlbackupService;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore runbook on a real primary and replica: a backup of the replica is restored into both
 * after they were wiped, replication is re-pointed and checked, and every table matches the data
 * before the wipe. Then the refusals, overwrite, a partial restore, and a restore cut off by a
 * killed connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreTest {

    private static final String KEY = "restore test key";
    private static ReplicationPair pair;
    private static Path bucket;
    private static List<String> wikis;
    private static Map<String, Long> before;
    private static String ourBackup;
    private static Map<String, String> schemasBefore;

    @BeforeAll
    static void backUpTheReplica() throws Exception {
        pair = ReplicationPair.start(TestServers.binaries());
        bucket = Files.createTempDirectory("sqlbackup-restore-test");
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            wikis = WikiDataset.load(c, "rwiki", 3, 300);
            s.execute("CREATE DATABASE odd");
            s.execute("CREATE TABLE odd.latin (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET latin1, raw VARBINARY(8))");
            s.execute("INSERT INTO odd.latin VALUES (1, 'café', X'00FF0A27'), (2, 'naïve; \\nline', NULL)");
            s.execute("CREATE TABLE odd.bulk (id INT PRIMARY KEY, v VARCHAR(200))");
            s.execute("INSERT INTO odd.bulk SELECT seq, REPEAT(CHAR(65 + seq % 26), 150) FROM seq_1_to_100000");
            s.execute("CREATE PROCEDURE odd.twice(IN x INT) BEGIN SELECT x;\nSELECT x * 2;\nEND");
            // an Aria table with a full-text key in many statements: loaded over several connections
            // at once, Aria keeps a wrong row count (CHECK TABLE: "Record-count is not ok")
            s.execute("CREATE TABLE odd.search (si_page INT UNSIGNED NOT NULL, si_text MEDIUMTEXT NOT NULL, FULLTEXT KEY (si_text)) ENGINE=Aria");
            s.execute("INSERT INTO odd.search SELECT seq, CONCAT('page ', seq, ' words ', REPEAT('wiki text ', seq % 20)) FROM seq_1_to_20000");
            // a view that calls a stored function (routines must exist before views), and an event
            s.execute("CREATE FUNCTION odd.doubled(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
            s.execute("CREATE VIEW odd.latin_doubled AS SELECT id, odd.doubled(id) AS d FROM odd.latin");
            s.execute("CREATE EVENT odd.tidy ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00' DO DELETE FROM odd.latin WHERE id > 1000");
            s.execute("CREATE USER 'wikiapp'@'%' IDENTIFIED BY 'app-secret'");
            s.execute("GRANT SELECT, INSERT ON odd.* TO 'wikiapp'@'%'");
        }
        // a trigger created by a latin1 client: its file sets character_set_client = latin1
        io.sqlbackup.testing.Tools.shellOk(bucket, "mariadb -h 127.0.0.1 -P " + pair.primary().port() + " -u root "
                + "--default-character-set=latin1 -e \"CREATE TRIGGER odd.latin_named BEFORE INSERT ON odd.latin FOR EACH ROW "
                + "SET NEW.name = IFNULL(NEW.name, 'unnamed')\"");
        pair.awaitReplicaCaughtUp();
        before = sums(pair.primary());
        schemasBefore = schemas(pair.primary());
        try (SqlbackupService service = service()) {
            service.start();
            ourBackup = service.backupOnce().object().name();
        }
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private static List<String> all() {
        List<String> dbs = new ArrayList<>(wikis);
        dbs.add("odd");
        return dbs;
    }

    private static Map<String, Long> sums(MariaDbServer server) throws SQLException {
        try (Connection c = server.connect()) {
            return Checksums.of(c, all().toArray(String[]::new));
        }
    }

    /** SHOW CREATE TABLE of every table and view: a restore gives the same definitions, keys in the same order. */
    private static Map<String, String> schemas(MariaDbServer server) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA IN ('" + String.join("','", all()) + "')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + t)) {
                    rs.next();
                    out.put(t, rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
                }
            }
        }
        return out;
    }

    static Settings settings() {
        Map<String, String> values = new TreeMap<>();
        values.put("sqlbackup.source.url", pair.replica().jdbcUrl());
        values.put("sqlbackup.primary.url", pair.primary().jdbcUrl());
        values.put("sqlbackup.replica.url", pair.replica().jdbcUrl());
        values.put("sqlbackup.bucket", "file:" + bucket);
        values.put("sqlbackup.key", KEY);
        values.put("sqlbackup.schedule.enabled", "false");
        values.put("sqlbackup.dump.chunk-size", "256KB");
        values.put("sqlbackup.dump.statement-size", "64KB");
        values.put("sqlbackup.restore.replication-timeout", "60s");
        // every InnoDB table with keys gets them after its rows, so the schemas below prove that path
        values.put("sqlbackup.restore.defer-keys-from", "1");
        return new io.sqlbackup.config.SettingsLoader(Map.of()).load(null,
                values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    static SqlbackupService service() {
        return new SqlbackupService(settings());
    }

    private static RestoreStatus restore(String json) throws Exception {
        try (SqlbackupService service = service()) {
            service.start();
            RestoreRun run = service.restoreQueue().submit(RestoreCommand.parse(json), "test");
            assertTrue(run.await(5, TimeUnit.MINUTES), "restore did not end");
            return run.status();
        }
    }

    /** Drops every user database on the primary (the drop replicates) and the application account. */
    private static void wipe() throws Exception {
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            for (String db : userDatabases(pair.primary())) {
                s.execute("DROP DATABASE `" + db + "`");
            }
            s.execute("DROP USER IF EXISTS 'wikiapp'@'%'");
        }
        pair.awaitReplicaCaughtUp();
        assertEquals(List.of(), userDatabases(pair.replica()));
    }

    static List<String> userDatabases(MariaDbServer server) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
                     + "('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String text(MariaDbServer server, String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Map<String, String> replicaStatus() throws SQLException {
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            Map<String, String> row = new TreeMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
            }
            return row;
        }
    }

    private static String steps(RestoreStatus status) {
        StringBuilder b = new StringBuilder(status.message()).append('\n');
        status.steps().forEach(s -> b.append(s).append('\n'));
        return b.toString();
    }

    @Test
    @Order(1)
    void fullRestoreOfBothServersReSyncsReplication() throws Exception {
        wipe();
        RestoreStatus status = restore("{}");
        assertEquals(RestorePhase.SUCCEEDED, status.phase(), steps(status));
        assertEquals(before, sums(pair.primary()));
        assertEquals(before, sums(pair.replica()));
        assertEquals(schemasBefore, schemas(pair.primary()));
        assertEquals(schemasBefore, schemas(pair.replica()));
        String report = steps(status);
        assertTrue(report.contains("get their secondary keys after their rows"), report);
        for (String step : List.of("verified", "RESET MASTER", "STOP SLAVE", "rows checked on the primary", "rows checked on the replica")) {
            assertTrue(report.contains(step), "missing step " + step + " in\n" + report);
        }
        Map<String, String> replica = replicaStatus();
        assertEquals("Yes", replica.get("Slave_IO_Running"));
        assertEquals("Yes", replica.get("Slave_SQL_Running"));
        assertEquals(ReplicationPair.REPLICATION_USER, replica.get("Master_User"));
        // replication carries new writes again
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO odd.latin VALUES (3, 'after', NULL)");
        }
        pair.awaitReplicaCaughtUp();
        assertEquals("after", text(pair.replica(), "SELECT name FROM odd.latin WHERE id = 3"));
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM odd.latin WHERE id = 3");
        }
        pair.awaitReplicaCaughtUp();
        // objects and accounts came back
        assertEquals("wikiapp", text(pair.primary(), "SELECT User FROM mysql.user WHERE User = 'wikiapp'"));
        assertEquals("2", text(pair.primary(), "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'odd'"));
        assertEquals("6", text(pair.replica(), "SELECT SUM(d) FROM odd.latin_doubled"));
        assertEquals("1", text(pair.replica(), "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_NAME = 'latin_named'"));
        // the event runs on the primary only, once the restore is complete
        assertEquals("ENABLED", text(pair.primary(), "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'tidy'"));
        assertEquals("SLAVESIDE_DISABLED", text(pair.replica(), "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'tidy'"));
        assertEquals("", text(pair.primary(), "SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'odd'"),
                "the unfinished-restore mark is taken off");
        assertFalse(userDatabases(pair.primary()).contains("sqlbackup_restore_check"));
        // tables loaded over several connections at once (Aria and MyISAM too) are consistent
        for (MariaDbServer server : List.of(pair.primary(), pair.replica())) {
            assertEquals(List.of(), tablesCheckTableFlags(server));
        }
    }

    /** CHECK TABLE of every restored table; the ones whose last message is not OK. */
    private static List<String> tablesCheckTableFlags(MariaDbServer server) throws SQLException {
        List<String> bad = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') FROM information_schema.TABLES "
                    + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN ('" + String.join("','", all()) + "')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("CHECK TABLE " + t + " EXTENDED")) {
                    String last = null;
                    StringBuilder all = new StringBuilder();
                    while (rs.next()) {
                        last = rs.getString("Msg_text");
                        all.append(rs.getString("Msg_type")).append(": ").append(last).append("; ");
                    }
                    if (!"OK".equals(last)) {
                        bad.add(t + " " + all);
                    }
                }
            }
        }
        return bad;
    }

    @Test
    @Order(2)
    void aTargetHoldingDatabasesIsRefusedAndLeftAlone() throws Exception {
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE odd.latin SET name = 'changed' WHERE id = 1");
        }
        pair.awaitReplicaCaughtUp();
        Map<String, Long> changed = sums(pair.primary());
        RestoreStatus status = restore("{\"targets\": [\"primary\", \"replica\"]}");
        assertEquals(RestorePhase.FAILED, status.phase(), steps(status));
        assertTrue(status.message().contains("already holds user databases"), status.message());
        assertTrue(status.message().contains("overwrite"), status.message());
        assertEquals(changed, sums(pair.primary()));
        assertEquals(changed, sums(pair.replica()));
        assertEquals("Yes", replicaStatus().get("Slave_SQL_Running"), "a refused restore does not stop replication");
    }

    @Test
    @Order(3)
    void aRestoreRunningElsewhereOnATargetIsRefusedNotJoined() throws Exception {
        Map<String, Long> now = sums(pair.primary());
        try (Connection other = pair.replica().connect(); Statement s = other.createStatement()) {
            // as another sqlbackup process restoring into the replica holds it
            try (ResultSet rs = s.executeQuery("SELECT GET_LOCK('sqlbackup.restore', 0)")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            RestoreStatus status = restore("{\"overwrite\": true}");
            assertEquals(RestorePhase.FAILED, status.phase(), steps(status));
            assertTrue(status.message().contains("another sqlbackup restore is running on the replica"), status.message());
            assertTrue(status.message().contains("Nothing was changed"), status.message());
        }
        assertEquals(now, sums(pair.primary()));
        assertEquals("Yes", replicaStatus().get("Slave_SQL_Running"));
    }

    @Test
    @Order(4)
    void overwriteReplacesTheArchivesDatabases() throws Exception {
        RestoreStatus status = restore("{\"overwrite\": true}");
        assertEquals(RestorePhase.SUCCEEDED, status.phase(), steps(status));
        assertEquals(before, sums(pair.primary()));
        assertEquals(before, sums(pair.replica()));
        assertEquals("café", text(pair.replica(), "SELECT name FROM odd.latin WHERE id = 1"));
    }

    @Test
    @Order(5)
    void aPartialRestoreLoadsOnlyTheNamedDatabases() throws Exception {
        String first = wikis.get(0);
        String second = wikis.get(1);
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + first + "`");
            s.execute("DROP DATABASE `" + second + "`");
            s.execute("CREATE TABLE odd.extra (id INT PRIMARY KEY)");
        }
        pair.awaitReplicaCaughtUp();
        RestoreStatus status = restore("{\"databases\": [\"" + first + "\", \"" + second + "\"]}");
        assertEquals(RestorePhase.SUCCEEDED, status.phase(), steps(status));
        Map<String, Long> primary = sums(pair.primary());
        assertEquals(before.get(first + ".page"), primary.get(first + ".page"));
        assertEquals(before.get(second + ".page"), primary.get(second + ".page"));
        assertEquals(primary, sums(pair.replica()));
        assertEquals("0", text(pair.primary(), "SELECT COUNT(*) FROM odd.extra"), "odd was not touched");
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE odd.extra");
        }
        pair.awaitReplicaCaughtUp();
    }

    @Test
    @Order(6)
    void aKilledLoadFailsLeavesReplicationStoppedAndTheSameCommandThenSucceeds() throws Exception {
        wipe();
        RestoreStatus failed;
        try (SqlbackupService service = service()) {
            service.start();
            RestoreRun run = service.restoreQueue().submit(RestoreCommand.parse("{}"), "test");
            killALoadConnectionOnTheReplica(run);
            assertTrue(run.await(5, TimeUnit.MINUTES));
            failed = run.status();
            // what sqlbackup_restore_replication_running reports, and the alert fires on
            assertEquals(Boolean.FALSE, service.restoreQueue().replicationRunningAfterRestore());
        }
        assertEquals(RestorePhase.FAILED, failed.phase(), steps(failed));
        assertTrue(failed.message().contains("loading the replica"), failed.message());
        assertTrue(failed.message().contains("connection"), failed.message());
        assertTrue(failed.message().contains("running the same restore command again"), failed.message());
        Map<String, String> replica = replicaStatus();
        assertNotEquals("Yes", replica.get("Slave_SQL_Running"), "replication is not started on a half-restored replica");

        RestoreStatus again = restore("{}");
        assertEquals(RestorePhase.SUCCEEDED, again.phase(), steps(again));
        assertEquals(before, sums(pair.primary()));
        assertEquals(before, sums(pair.replica()));
        assertEquals("Yes", replicaStatus().get("Slave_SQL_Running"));
    }

    @Test
    @Order(7)
    void anArchiveOfTheOldScriptsWithFilesInAnyOrderRestores() throws Exception {
        io.sqlbackup.testing.Tools.require("mydumper", "tar", "openssl");
        Path dump = Files.createTempDirectory("sqlbackup-old-dump");
        String name = "mydumper-backup-2020-01-01_000000.tar.gz";
        // as the nightly script did it (the whole server; per-file gzip and row chunks as well), but the tar lists
        // the files in reverse order: rows come before their tables' schemas, and those before
        // their databases'
        io.sqlbackup.testing.Tools.shellOk(dump, "timeout 300 mydumper -h 127.0.0.1 -P " + pair.replica().port()
                + " -u root -t 2 -c --rows 20000 -G -R -E -o " + dump.resolve("d")
                + " && tar -cz -C " + dump.resolve("d") + " $(cd " + dump.resolve("d") + " && ls | sort -r | sed 's|^|./|')"
                + " | openssl enc -aes256 -pbkdf2 -pass pass:'" + KEY + "' > " + bucket.resolve(name));
        String listing = io.sqlbackup.testing.Tools.shellOk(dump, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in "
                + bucket.resolve(name) + " | tar tz | sed -n 1,3p");
        assertTrue(listing.contains(".sql.gz"), listing);
        RestoreStatus status = restore("{\"backup\": \"" + name + "\", \"overwrite\": true}");
        assertEquals(RestorePhase.SUCCEEDED, status.phase(), steps(status));
        assertTrue(steps(status).contains("no manifest"), steps(status));
        // the old scripts dumped the whole replica: its mysql schema is not loaded over the targets' own
        assertTrue(steps(status).matches("(?s).*not loaded: the archive's server schemas? [a-z, ]*mysql.*"), steps(status));
        assertEquals("repl", text(pair.primary(), "SELECT User FROM mysql.user WHERE User = 'repl'"));
        // mydumper 0.10 prints FLOAT values with 6 significant digits, so page_props.pp_sortkey
        // comes back rounded from its archives (myloader gives the same); every other table is exact.
        Map<String, Long> exact = new TreeMap<>(before);
        exact.keySet().removeIf(t -> t.endsWith(".page_props"));
        Map<String, Long> primary = sums(pair.primary());
        assertEquals(primary, sums(pair.replica()));
        primary.keySet().removeIf(t -> t.endsWith(".page_props"));
        assertEquals(exact, primary);
        assertEquals(String.valueOf(300 + 150), text(pair.primary(), "SELECT COUNT(*) FROM " + wikis.get(0) + ".page_props"));
        assertEquals("Yes", replicaStatus().get("Slave_SQL_Running"));
        assertEquals("2", text(pair.replica(), "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'odd'"));
        Files.delete(bucket.resolve(name));
    }

    @Test
    @Order(9)
    void rowsThatDifferFromTheManifestFailTheRestoreLoudly() throws Exception {
        // our archive, with a manifest that records one row more for odd.latin than its files hold
        Path ours = bucket.resolve(ourBackup);
        Path work = Files.createTempDirectory("sqlbackup-tampered");
        io.sqlbackup.testing.Tools.shellOk(work, "mkdir x && openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + ours
                + " | tar xz -C x");
        Path manifest = work.resolve("x/sqlbackup-manifest.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = json.readTree(manifest.toFile());
        for (com.fasterxml.jackson.databind.JsonNode t : root.path("tables")) {
            if (t.path("database").asText().equals("odd") && t.path("table").asText().equals("latin")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("rows", 3);
            }
        }
        json.writeValue(manifest.toFile(), root);
        String name = "mydumper-backup-2021-01-01_000000.tar.gz";
        io.sqlbackup.testing.Tools.shellOk(work, "tar -cz -C x . | openssl enc -aes256 -pbkdf2 -pass pass:'" + KEY + "' > "
                + bucket.resolve(name));
        RestoreStatus status = restore("{\"backup\": \"" + name + "\", \"targets\": [\"primary\"], \"overwrite\": true, "
                + "\"replication\": false}");
        assertEquals(RestorePhase.FAILED, status.phase(), steps(status));
        assertTrue(status.message().contains("odd.latin has 2 rows"), status.message());
        assertTrue(status.message().contains("the manifest says 3"), status.message());
        assertTrue(status.message().contains("Do not use this server"), status.message());
        Files.delete(bucket.resolve(name));
    }

    @Test
    @Order(8)
    void aReplicaAloneIsRebuiltFromTheArchiveAndCatchesUpFromItsPosition() throws Exception {
        String fresh;
        try (SqlbackupService service = service()) {
            service.start();
            fresh = service.backupOnce().object().name();
        }
        // the replica is lost; the primary goes on taking writes
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement()) {
            s.execute("STOP SLAVE");
            s.execute("SET sql_log_bin = 0");
            for (String db : userDatabases(pair.replica())) {
                s.execute("DROP DATABASE `" + db + "`");
            }
        }
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO odd.latin VALUES (4, 'after backup', NULL)");
        }
        RestoreStatus status = restore("{\"backup\": \"" + fresh + "\", \"targets\": [\"replica\"]}");
        assertEquals(RestorePhase.SUCCEEDED, status.phase(), steps(status));
        assertFalse(steps(status).contains("RESET MASTER"), "the primary is not touched: " + steps(status));
        pair.awaitReplicaCaughtUp();
        assertEquals("after backup", text(pair.replica(), "SELECT name FROM odd.latin WHERE id = 4"),
                "the replica caught up from the archive's position");
        assertEquals(sums(pair.primary()), sums(pair.replica()));
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM odd.latin WHERE id = 4");
        }
        pair.awaitReplicaCaughtUp();
        Files.delete(bucket.resolve(fresh));
    }

    private static void killALoadConnectionOnTheReplica(RestoreRun run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            RestoreStatus s = run.status();
            if (s.phase().isFinal()) {
                throw new AssertionError("the restore ended before a load connection could be killed: " + steps(s));
            }
            if (s.stage() != null && s.stage().startsWith("loading the replica")) {
                try (Connection c = pair.replica().connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO `bulk`%'")) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        try (Statement kill = c.createStatement()) {
                            kill.execute("KILL CONNECTION " + id);
                        }
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no load connection seen on the replica");
    }
}
