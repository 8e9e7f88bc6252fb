package io.sqlbackup.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.Settings;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.load.TableName;
import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreReport;
import io.sqlbackup.restore.RestoreStep;
import io.sqlbackup.server.ServerDirectory;
import io.sqlbackup.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The replication half of the restore runbook on a real primary + replica: the restore's loads are
 * simulated with plain SQL under {@code sql_log_bin=0}, as the loader runs them, and the
 * {@code replication:} steps run through Camel in the order the restore route runs them. One pair
 * serves every test; each test starts with a full re-sync, which also repairs what the previous
 * test broke.
 */
class ReplicationResyncTest {

    private static final String VERIFY = "replication:verify?timeout=2m";
    /** Long enough that a verify which does not fail at once on a replication error makes the test time out. */
    private static final String VERIFY_LONG = "replication:verify?timeout=10m";

    private static ReplicationPair pair;
    private static CamelContext camel;
    private static ProducerTemplate template;

    @BeforeAll
    static void startPair() throws Exception {
        pair = ReplicationPair.start(TestServers.binaries());
        camel = context(pair.primary(), pair.replica());
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    /** No test may leave the check's marker database behind, on either server, whether it passed or failed. */
    @AfterEach
    void noMarkerLeft() throws Exception {
        for (MariaDbServer s : List.of(pair.primary(), pair.replica())) {
            assertTrue(awaitTrue(s, "SELECT COUNT(*) = 0 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'sqlbackup_restore_check'"),
                    "the check's database is gone from " + s);
        }
    }

    private static CamelContext context(MariaDbServer primary, MariaDbServer replica) {
        Map<String, String> settings = new HashMap<>();
        settings.put("sqlbackup.primary.url", primary.jdbcUrl());
        settings.put("sqlbackup.primary.user", "root");
        settings.put("sqlbackup.replica.url", replica.jdbcUrl());
        settings.put("sqlbackup.replica.user", "root");
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("servers", new ServerDirectory(new Settings(settings)));
        context.start();
        return context;
    }

    @Test
    void gtidReplicaIsResyncedToTheResetPrimaryAndKeepsItsConnection() throws Exception {
        replicationMode("slave_pos");
        writeHistory("rs_gtid_history"); // the replica's gtid_slave_pos now points past what RESET MASTER leaves
        List<TableName> tables = loadBoth("rs_gtid", false);

        Exchange ex = restoreBoth(tables, VERIFY);

        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        BinlogCoordinates reset = ex.getMessage().getHeader(RestoreHeaders.PRIMARY_COORDINATES, BinlogCoordinates.class);
        assertNotNull(reset);
        assertEquals("", reset.gtid(), "RESET MASTER leaves an empty GTID position");
        assertEquals(reset, ex.getMessage().getHeader(RestoreHeaders.RESYNC_COORDINATES));
        assertReplicatingAsBefore("Slave_Pos");
        RestoreReport report = report(ex);
        assertStepOk(report, "RESET MASTER on primary 127.0.0.1:" + pair.primary().port(), reset.describe());
        assertStepOk(report, "STOP SLAVE on replica", "repl@127.0.0.1:" + pair.primary().port());
        assertStepOk(report, "RESET SLAVE and CHANGE MASTER TO on replica", "MASTER_USE_GTID=slave_pos from gtid_slave_pos ''");
        assertStepOk(report, "START SLAVE on replica", reset.describe());
        assertStepOk(report, "Replication from primary", "IO and SQL threads running");
        assertStepOk(report, "Marker write on primary", "arrived");
        assertStepOk(report, "CHECKSUM TABLE of 3 restored tables", "3 tables equal on both servers (1 with generated columns");
        assertStepOk(report, "DROP DATABASE sqlbackup_restore_check", "no trace");

        assertLaterWritesReplicate("rs_gtid");
    }

    @Test
    void filePositionReplicaIsResyncedByFileAndPosition() throws Exception {
        replicationMode("no");
        List<TableName> tables = loadBoth("rs_file", false);

        Exchange ex = restoreBoth(tables, VERIFY);

        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        BinlogCoordinates reset = ex.getMessage().getHeader(RestoreHeaders.PRIMARY_COORDINATES, BinlogCoordinates.class);
        assertReplicatingAsBefore("No");
        RestoreReport report = report(ex);
        assertStepOk(report, "STOP SLAVE on replica", "file and position (Using_Gtid=No)");
        assertStepOk(report, "RESET SLAVE and CHANGE MASTER TO on replica",
                "MASTER_LOG_FILE=" + reset.file() + ", MASTER_LOG_POS=" + reset.position() + " (MASTER_USE_GTID=no)");
        assertStepOk(report, "CHECKSUM TABLE of 3 restored tables", "3 tables equal on both servers");
        assertLaterWritesReplicate("rs_file");
    }

    @Test
    void aReplicaLoadedDifferentlyFailsVerifyNamingTheTablesAndIsLeftStopped() throws Exception {
        replicationMode("slave_pos");
        List<TableName> tables = new ArrayList<>(loadBoth("rs_diff", true));
        exec(pair.primary(), "SET sql_log_bin = 0", "CREATE TABLE rs_diff.extra (id INT PRIMARY KEY)", "INSERT INTO rs_diff.extra VALUES (1)");
        tables.add(new TableName("rs_diff", "extra")); // the replica's load left it out

        Exchange ex = restoreBoth(tables, VERIFY);

        ReplicationStepException e = assertInstanceOf(ReplicationStepException.class, ex.getException());
        String m = e.getMessage();
        assertTrue(e.step().startsWith("CHECKSUM TABLE of 4 restored tables on primary"), e.step());
        assertTrue(m.contains("3 of 4 restored tables differ"), m);
        assertTrue(m.contains("rs_diff.page (primary "), "the table compared by row digest: " + m);
        assertTrue(m.contains("rs_diff.revision (primary "), "the table compared by CHECKSUM TABLE: " + m);
        assertTrue(m.contains("rs_diff.extra (primary ") && m.contains(", replica missing)"), m);
        assertFalse(m.contains("rs_diff.nokey"), m);
        assertTrue(m.contains("replication is now stopped"), m);
        assertTrue(m.contains("restore both servers again"), m);
        assertEquals("No", replicaStatus("Slave_IO_Running"));
        assertEquals("No", replicaStatus("Slave_SQL_Running"));
        RestoreStep failed = report(ex).failure();
        assertNotNull(failed);
        assertEquals(e.step(), failed.name());
        assertEquals(m, failed.result());
    }

    @Test
    void stopReplicaRefusesAServerWithoutReplicationBeforeChangingAnything() throws Exception {
        try (MariaDbServer standalone = TestServers.fresh(40); CamelContext ctx = context(pair.primary(), standalone)) {
            try (Connection c = standalone.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE keep_me");
            }
            Exchange ex = new DefaultExchange(ctx);
            ctx.createProducerTemplate().send("replication:stopReplica", ex);

            ReplicationStepException e = assertInstanceOf(ReplicationStepException.class, ex.getException());
            assertEquals("STOP SLAVE on replica 127.0.0.1:" + standalone.port(), e.step());
            assertTrue(e.getMessage().contains("no replication is configured on it"), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was changed on the replica"), e.getMessage());
            assertTrue(e.getMessage().contains("CHANGE MASTER TO MASTER_HOST="), e.getMessage());
            assertTrue(e.getMessage().contains("MASTER_USER="), e.getMessage());
            assertTrue(e.getMessage().contains("MASTER_PASSWORD="), e.getMessage());
            List<RestoreStep> steps = report(ex).steps();
            assertEquals(1, steps.size(), steps.toString());
            assertFalse(steps.get(0).ok());
            try (Connection c = standalone.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                assertFalse(rs.next(), "still no replication");
            }
            assertTrue(awaitTrue(standalone, "SELECT COUNT(*) = 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'keep_me'"));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void coordinatesPastTheEndOfTheBinlogFailVerifyAtOnceWithTheReplicasError() throws Exception {
        replicationMode("no");
        List<TableName> tables = loadBoth("rs_badpos", false);
        Exchange ex = new DefaultExchange(camel);
        ex.getMessage().setHeader(RestoreHeaders.RESTORED_TABLES, tables);
        // As for a replica-only restore whose archive coordinates the primary does not have.
        ex.getMessage().setHeader(RestoreHeaders.RESYNC_COORDINATES, new BinlogCoordinates("mysql-bin.000001", 999_999, ""));

        runSteps(ex, VERIFY_LONG);

        ReplicationStepException e = assertInstanceOf(ReplicationStepException.class, ex.getException());
        String m = e.getMessage();
        // the IO thread fails at once; whether the threads check or the marker step sees it first is timing
        assertTrue(e.step().startsWith("Replication from primary") || e.step().startsWith("Marker write"), e.step());
        assertTrue(m.contains("replication broke: the IO thread stopped with error 1236"), m);
        assertTrue(m.contains("impossible position"), "the replica's own error: " + m);
        assertTrue(m.contains("replication is now stopped"), m);
        assertFalse(m.contains("waited"), m);
        assertEquals("No", replicaStatus("Slave_IO_Running"));
        assertEquals("No", replicaStatus("Slave_SQL_Running"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aReplicationUserRefusedByThePrimaryFailsVerifyAtOnceWithoutShowingPasswords() throws Exception {
        replicationMode("slave_pos");
        List<TableName> tables = loadBoth("rs_login", false);
        String wrong = "Changed-Pass-4x9";
        exec(pair.primary(), "SET sql_log_bin = 0", "ALTER USER 'repl'@'%' IDENTIFIED BY '" + wrong + "'");
        Exchange ex;
        try {
            ex = restoreBoth(tables, VERIFY_LONG);
        } finally {
            exec(pair.primary(), "SET sql_log_bin = 0",
                    "ALTER USER 'repl'@'%' IDENTIFIED BY '" + ReplicationPair.REPLICATION_PASSWORD + "'");
        }
        ReplicationStepException e = assertInstanceOf(ReplicationStepException.class, ex.getException());
        String m = e.getMessage();
        assertTrue(m.contains("the IO thread cannot connect to the primary (error 1045"), m);
        assertTrue(m.contains("Access denied for user 'repl'"), m);
        assertTrue(m.contains("replication is now stopped"), m);
        assertFalse(m.contains(ReplicationPair.REPLICATION_PASSWORD) || m.contains(wrong), m);
        assertFalse(report(ex).toString().contains(ReplicationPair.REPLICATION_PASSWORD), report(ex).toString());
        assertEquals("No", replicaStatus("Slave_IO_Running"));
    }

    @Test
    void gtidStrictReplicaWithItsOwnBinlogHistoryIsResyncedToo() throws Exception {
        replicationMode("slave_pos");
        // Writes of the replica's own, in its binary log: in strict mode they conflict with the primary's restarted GTIDs.
        exec(pair.replica(), "CREATE DATABASE rs_strict_local", "DROP DATABASE rs_strict_local", "SET GLOBAL gtid_strict_mode = 1");
        try {
            List<TableName> tables = loadBoth("rs_strict", false);
            Exchange ex = restoreBoth(tables, VERIFY);
            assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
            assertStepOk(report(ex), "RESET SLAVE and CHANGE MASTER TO on replica", "RESET MASTER on the replica too");
            assertReplicatingAsBefore("Slave_Pos");
            assertLaterWritesReplicate("rs_strict");
        } finally {
            exec(pair.replica(), "SET GLOBAL gtid_strict_mode = 0");
        }
    }

    // --- the runbook, as the restore route runs it ---

    /** mariadb-load (primary), resetPrimary, stopReplica, mariadb-load (replica), startReplica, verify. */
    private Exchange restoreBoth(List<TableName> tables, String verifyUri) {
        Exchange ex = new DefaultExchange(camel);
        ex.getMessage().setHeader(RestoreHeaders.RESTORED_TABLES, tables);
        runSteps(ex, verifyUri);
        return ex;
    }

    private void runSteps(Exchange ex, String verifyUri) {
        for (String uri : List.of("replication:resetPrimary", "replication:stopReplica", "replication:startReplica", verifyUri)) {
            template.send(uri, ex);
            if (ex.getException() != null) {
                return;
            }
        }
    }

    /**
     * What the loads leave: the same three tables on both servers, written with sql_log_bin=0. A page table
     * with a virtual column (compared by row digest), a revision table, and a table without a key holding
     * duplicate rows. With {@code differ}, the replica's copy has one row changed in page and in revision.
     */
    private static List<TableName> loadBoth(String db, boolean differ) throws SQLException {
        for (MariaDbServer s : List.of(pair.primary(), pair.replica())) {
            boolean changed = differ && s == pair.replica();
            exec(s, "SET sql_log_bin = 0",
                    "DROP DATABASE IF EXISTS " + db,
                    "CREATE DATABASE " + db,
                    "CREATE TABLE " + db + ".page (id INT PRIMARY KEY, title VARBINARY(100) NOT NULL, len INT UNSIGNED,"
                            + " ratio DOUBLE, len_kb DECIMAL(12,3) AS (len / 1024) VIRTUAL, label VARCHAR(120) AS (CONCAT(title, '#', id)) STORED)"
                            + " ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".revision (id INT PRIMARY KEY, page INT NOT NULL, text MEDIUMBLOB, saved DATETIME(6))"
                            + " ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".nokey (v INT, w VARCHAR(10)) ENGINE=InnoDB",
                    "INSERT INTO " + db + ".page (id, title, len, ratio) VALUES (1, 'Main_Page', 2048, 0.1), (2, 'Help', NULL, "
                            + (changed ? "0.30000000000000004" : "0.3") + "), (3, 'A|B', 7, -0.0)",
                    "INSERT INTO " + db + ".revision VALUES (1, 1, 'first', '2024-01-02 03:04:05.000006'), (2, 1, "
                            + (changed ? "'secont'" : "'second'") + ", NULL), (3, 2, NULL, '2024-02-03 00:00:00')",
                    "INSERT INTO " + db + ".nokey VALUES (1, 'x'), (1, 'x'), (NULL, NULL)");
        }
        return List.of(new TableName(db, "page"), new TableName(db, "revision"), new TableName(db, "nokey"));
    }

    /** Ordinary replicated writes before the restore, so the replica's positions are not at the start. */
    private static void writeHistory(String db) throws SQLException {
        exec(pair.primary(), "CREATE DATABASE IF NOT EXISTS " + db, "CREATE TABLE IF NOT EXISTS " + db + ".t (i INT)",
                "INSERT INTO " + db + ".t VALUES (1), (2)");
        pair.awaitReplicaCaughtUp();
    }

    /**
     * Healthy replication as before a restore, whatever the previous test left: running, from the primary's
     * current position, with MASTER_USE_GTID=slave_pos or no.
     */
    private static void replicationMode(String useGtid) throws Exception {
        String file;
        long position;
        String gtid;
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                file = rs.getString(1);
                position = rs.getLong(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
                rs.next();
                gtid = rs.getString(1);
            }
        }
        exec(pair.replica(), "STOP SLAVE", "RESET SLAVE", "SET GLOBAL gtid_slave_pos = '" + gtid + "'",
                "slave_pos".equals(useGtid) ? "CHANGE MASTER TO MASTER_USE_GTID=slave_pos"
                        : "CHANGE MASTER TO MASTER_LOG_FILE='" + file + "', MASTER_LOG_POS=" + position + ", MASTER_USE_GTID=no",
                "START SLAVE");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!("Yes".equals(replicaStatus("Slave_IO_Running")) && "Yes".equals(replicaStatus("Slave_SQL_Running")))) {
            assertTrue(System.nanoTime() < deadline, "replication runs before the restore");
            Thread.sleep(100);
        }
    }

    // --- assertions ---

    /** Both threads run, and the replica still logs in as before: same host, port, user (and so password), mode. */
    private static void assertReplicatingAsBefore(String usingGtid) throws SQLException {
        assertEquals("Yes", replicaStatus("Slave_IO_Running"));
        assertEquals("Yes", replicaStatus("Slave_SQL_Running"));
        assertEquals(ReplicationPair.REPLICATION_USER, replicaStatus("Master_User"));
        assertEquals("127.0.0.1", replicaStatus("Master_Host"));
        assertEquals(String.valueOf(pair.primary().port()), replicaStatus("Master_Port"));
        assertEquals(usingGtid, replicaStatus("Using_Gtid"));
    }

    private static void assertLaterWritesReplicate(String db) throws Exception {
        exec(pair.primary(), "INSERT INTO " + db + ".revision VALUES (100, 3, 'after the restore', NOW())");
        assertTrue(awaitTrue(pair.replica(), "SELECT COUNT(*) = 1 FROM " + db + ".revision WHERE id = 100"),
                "a write on the primary after the restore reaches the replica");
    }

    private static void assertStepOk(RestoreReport report, String namePrefix, String resultPart) {
        RestoreStep step = report.steps().stream().filter(s -> s.name().startsWith(namePrefix)).findFirst().orElse(null);
        assertNotNull(step, "no step " + namePrefix + " in\n" + report);
        assertTrue(step.ok(), step.toString());
        assertTrue(step.result().contains(resultPart), step + " should say " + resultPart);
    }

    private static RestoreReport report(Exchange ex) {
        RestoreReport report = ex.getMessage().getHeader(RestoreHeaders.REPORT, RestoreReport.class);
        assertNotNull(report, "the steps create a report when none is given");
        return report;
    }

    // --- SQL helpers ---

    private static String replicaStatus(String column) throws SQLException {
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            assertTrue(rs.next(), "replication is configured");
            return rs.getString(column);
        }
    }

    private static void exec(MariaDbServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Polls a boolean query for up to 30 s; true once it holds. */
    private static boolean awaitTrue(MariaDbServer server, String sql) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1146 && e.getErrorCode() != 1049) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
    }
}
