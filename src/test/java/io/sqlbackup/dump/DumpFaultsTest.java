package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.archive.ArchiveEntry;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.server.ServerAccess;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dump that cannot finish fails with a message that says why, and leaves nothing behind on the
 * source: no session, no lock. One that can stay consistent does.
 */
class DumpFaultsTest {

    private static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = TestServers.fresh(42);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void execute(MariaDbServer on, String... sql) throws SQLException {
        try (Connection c = on.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static void createDatabase(MariaDbServer on, String db, int tables, int rows) throws SQLException {
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE " + db, "USE " + db));
        for (int t = 1; t <= tables; t++) {
            sql.add("CREATE TABLE t" + t + " (id INT NOT NULL PRIMARY KEY, v VARCHAR(100) NOT NULL)");
            sql.add("INSERT INTO t" + t + " SELECT seq, REPEAT('x', 90) FROM seq_1_to_" + rows);
        }
        execute(on, sql.toArray(String[]::new));
    }

    /** The source holds no session of the dump and no backup lock any more. */
    private static void assertNothingLeftOn(MariaDbServer on) throws SQLException {
        try (Connection c = on.connect(); Statement s = c.createStatement()) {
            assertEquals(1, Checksums.count(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Daemon'"
                    + " AND USER <> 'system user'"), "only this session is left");
            s.execute("SET SESSION lock_wait_timeout = 5");
            s.execute("BACKUP STAGE START");
            s.execute("BACKUP STAGE BLOCK_COMMIT");
            s.execute("BACKUP STAGE END");
        }
    }

    @Test
    void tableDroppedBeforeItIsReadFailsTheDumpOrWaits() throws Exception {
        createDatabase(server, "dropping", 4, 2000);
        DumpOptions options = DirectDump.options(1, 16 * 1024, "dropping", "");
        try (DumpEntries dump = DirectDump.open(server, options)) {
            assertNotNull(dump.next());
            boolean dropped;
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 3");
                s.execute("DROP TABLE dropping.t4");
                dropped = true;
            } catch (SQLException e) {
                assertEquals(1205, e.getErrorCode(), e.getMessage());
                dropped = false;
            }
            if (dropped) {
                DumpException failure = assertThrows(DumpException.class, () -> drain(dump));
                assertTrue(failure.getMessage().contains("table dropping.t4 was dropped or renamed"), failure.getMessage());
                assertTrue(failure.getMessage().contains("no backup was stored"), failure.getMessage());
            } else {
                Manifest manifest = DirectDump.manifest(drain(dump));
                assertEquals(2000, manifest.tables().stream().filter(t -> t.table().equals("t4")).findFirst().orElseThrow().rows());
            }
        }
        assertNothingLeftOn(server);
    }

    @Test
    void tableAlteredAfterTheSnapshotFailsTheDumpOrWaits() throws Exception {
        createDatabase(server, "altering", 4, 2000);
        DumpOptions options = DirectDump.options(1, 16 * 1024, "altering", "");
        try (DumpEntries dump = DirectDump.open(server, options)) {
            assertNotNull(dump.next());
            boolean altered;
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 3");
                s.execute("ALTER TABLE altering.t4 ADD COLUMN w INT NOT NULL DEFAULT 7, FORCE");
                altered = true;
            } catch (SQLException e) {
                assertEquals(1205, e.getErrorCode(), e.getMessage());
                altered = false;
            }
            if (altered) {
                DumpException failure = assertThrows(DumpException.class, () -> drain(dump));
                assertTrue(failure.getMessage().contains("table altering.t4 was altered or re-created"), failure.getMessage());
            } else {
                DirectDump.manifest(drain(dump));
            }
        }
        assertNothingLeftOn(server);
    }

    @Test
    void sourceKilledMidDumpFailsClearlyAndPromptly() throws Exception {
        try (MariaDbServer doomed = TestServers.fresh(43)) {
            createDatabase(doomed, "doomed", 2, 60_000);
            DumpEntries dump = DirectDump.open(doomed, DirectDump.options(2, 64 * 1024, "doomed", ""));
            try {
                for (int i = 0; i < 6; i++) {
                    assertNotNull(dump.next());
                }
                doomed.kill();
                DumpException failure = assertThrows(DumpException.class, () -> drain(dump));
                assertTrue(failure.getMessage().contains("lost the connection to the source server at 127.0.0.1:" + doomed.port()),
                        failure.getMessage());
                assertTrue(failure.getMessage().contains("no backup was stored"), failure.getMessage());
            } finally {
                dump.close();
            }
        }
    }

    @Test
    void missingPrivilegesAreNamed() throws Exception {
        createDatabase(server, "grants", 1, 10);
        execute(server, "CREATE USER 'reader'@'%' IDENTIFIED BY 'pw'",
                "GRANT SELECT, SLAVE MONITOR, BINLOG MONITOR ON *.* TO 'reader'@'%'",
                "CREATE USER 'almost'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT, SLAVE MONITOR, RELOAD ON *.* TO 'almost'@'%'",
                "CREATE USER 'monitor'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT ON *.* TO 'monitor'@'%'");
        DumpOptions options = DirectDump.options(1, 1 << 20, "grants", "");

        MissingPrivilegeException noReload = assertThrows(MissingPrivilegeException.class,
                () -> SourceSnapshot.open(new ServerAccess("source", server.jdbcUrl(), "reader", "pw"), options));
        assertTrue(noReload.getMessage().contains("user 'reader' on the source server at 127.0.0.1:" + server.port()
                + " may not run BACKUP STAGE"), noReload.getMessage());
        assertTrue(noReload.getMessage().contains("GRANT RELOAD ON *.* TO 'reader'"), noReload.getMessage());

        MissingPrivilegeException noBinlog = assertThrows(MissingPrivilegeException.class,
                () -> SourceSnapshot.open(new ServerAccess("source", server.jdbcUrl(), "almost", "pw"), options));
        assertTrue(noBinlog.getMessage().contains("may not read the binlog position (SHOW MASTER STATUS)"), noBinlog.getMessage());
        assertTrue(noBinlog.getMessage().contains("GRANT BINLOG MONITOR ON *.* TO 'almost'"), noBinlog.getMessage());
        assertTrue(!noBinlog.getMessage().contains("pw"), "no password in the message");

        MissingPrivilegeException noMonitor = assertThrows(MissingPrivilegeException.class,
                () -> SourceSnapshot.open(new ServerAccess("source", server.jdbcUrl(), "monitor", "pw"), options));
        assertTrue(noMonitor.getMessage().contains("may not read the replication status (SHOW SLAVE STATUS)"), noMonitor.getMessage());
        assertTrue(noMonitor.getMessage().contains("GRANT SLAVE MONITOR ON *.* TO 'monitor'"), noMonitor.getMessage());
        assertNothingLeftOn(server);
    }

    private static java.util.Map<String, byte[]> drain(DumpEntries dump) {
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (ArchiveEntry e; (e = dump.next()) != null; ) {
            files.put(e.name(), java.util.Arrays.copyOf(e.data(), e.length()));
        }
        return files;
    }
}
