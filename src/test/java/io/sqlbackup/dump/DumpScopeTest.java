package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.manifest.AccountsFile;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dump holds: the filters, every kind of object, and how few queries a farm of small databases costs. */
class DumpScopeTest {

    private static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = TestServers.fresh(44);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void execute(String... sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    @Test
    void patternsChooseDatabasesAndTables() throws Exception {
        for (String db : List.of("farm_1", "farm_2", "farm_3", "other")) {
            execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".keep (id INT PRIMARY KEY)",
                    "CREATE TABLE " + db + ".objectcache (id INT PRIMARY KEY)", "INSERT INTO " + db + ".keep VALUES (1)");
        }
        Map<String, byte[]> files = DirectDump.all(server, DirectDump.options(2, 1 << 20, "farm_*", "farm_2,*.objectcache"));
        Set<String> names = new TreeSet<>(files.keySet());
        assertTrue(names.containsAll(List.of("farm_1-schema-create.sql", "farm_1.keep-schema.sql", "farm_1.keep.00000.sql",
                "farm_3-schema-create.sql", "farm_3.keep-schema.sql")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("farm_2") || n.startsWith("other") || n.contains("objectcache")),
                names.toString());
        // Accounts travel as SQL beside the databases, never as mysql.* tables.
        assertTrue(names.stream().noneMatch(n -> n.startsWith("mysql")), names.toString());
        AccountsFile accounts = AccountsFile.parse(DirectDump.text(files, AccountsFile.NAME));
        assertTrue(accounts.accounts().stream().anyMatch(g -> g.account().label().equals("'root'@'localhost'")),
                accounts.accounts().toString());
    }

    @Test
    void aNamedDatabaseThatDoesNotExistIsRefusedBeforeTheSnapshot() throws Exception {
        execute("CREATE DATABASE present");
        long locksBefore = backupLocks();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SourceSnapshot.open(DirectDump.access(server), DirectDump.options(2, 1 << 20, "present,absent", "")));
        assertTrue(e.getMessage().contains("sqlbackup.dump.databases names databases the source server at 127.0.0.1:"
                + server.port() + " does not have (or that are never dumped): absent"), e.getMessage());
        assertEquals(locksBefore, backupLocks(), "no BACKUP STAGE was taken");
    }

    private static long backupLocks() throws SQLException {
        try (Connection c = server.connect()) {
            return Checksums.count(c, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_BACKUP'");
        }
    }

    @Test
    void everyKindOfObjectLoadsBackWithMyloader(@TempDir Path tmp) throws Exception {
        Tools.require("myloader");
        execute("CREATE DATABASE objects CHARACTER SET latin1 COLLATE latin1_swedish_ci", "USE objects",
                "CREATE TABLE base (id INT PRIMARY KEY, v INT, doubled INT AS (v * 2) STORED)",
                "INSERT INTO base (id, v) SELECT seq, seq FROM seq_1_to_100",
                "CREATE SEQUENCE ticket START WITH 100 INCREMENT BY 5",
                "SELECT NEXTVAL(ticket), NEXTVAL(ticket), NEXTVAL(ticket)",
                "CREATE VIEW base_view AS SELECT id, v FROM base WHERE v > 10",
                "CREATE VIEW view_of_view AS SELECT COUNT(*) AS n FROM base_view",
                "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TRIGGER base_audit AFTER INSERT ON base FOR EACH ROW INSERT INTO audit (note) VALUES ('inserted')",
                "CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2",
                "CREATE PROCEDURE count_base(OUT n INT) SELECT COUNT(*) INTO n FROM base",
                "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM audit");
        Map<String, byte[]> files = DirectDump.all(server, DirectDump.options(2, 1 << 20, "objects", ""));
        try (MariaDbServer target = TestServers.fresh(45)) {
            DumpLoader.myloader(target, DirectDump.write(files, tmp.resolve("d")));
            for (String sql : List.of(
                    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'objects'",
                    "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'objects' ORDER BY 1",
                    "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'objects' ORDER BY 1",
                    "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'objects'",
                    "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'objects' ORDER BY 1",
                    "SELECT EVENT_NAME, STATUS, INTERVAL_VALUE, EVENT_DEFINITION FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'objects'",
                    "SELECT NEXTVAL(objects.ticket)",
                    "SELECT COUNT(*), SUM(doubled) FROM objects.base",
                    "SELECT n FROM objects.view_of_view",
                    "SELECT COUNT(*) FROM objects.audit")) {
                assertEquals(rows(server, sql), rows(target, sql), sql);
            }
        }
    }

    @Test
    void aFarmOfSmallDatabasesCostsAboutTwoQueriesPerTable() throws Exception {
        int databases = 30;
        int tables = 8;
        for (int d = 0; d < databases; d++) {
            List<String> sql = new ArrayList<>(List.of("CREATE DATABASE wiki_" + d));
            for (int t = 0; t < tables; t++) {
                sql.add("CREATE TABLE wiki_" + d + ".t" + t + " (id INT PRIMARY KEY, v VARCHAR(10))");
                sql.add("INSERT INTO wiki_" + d + ".t" + t + " VALUES (1, 'a'), (2, 'b')");
            }
            execute(sql.toArray(String[]::new));
        }
        long before = questions();
        Map<String, byte[]> files = DirectDump.all(server, DirectDump.options(4, 1 << 20, "wiki_*", ""));
        long used = questions() - before - 1;
        assertEquals(databases * (tables * 2 + 1) + 3, files.size(), "schema and data of every table");
        // One SHOW CREATE TABLE and one SELECT per table, one SHOW CREATE DATABASE per database, and a
        // fixed number of catalog and session queries: nothing per table goes to information_schema.
        long perTable = 2L * databases * tables;
        assertTrue(used <= perTable + databases + 60, "queries: " + used + " for " + databases * tables + " tables");
    }

    private static long questions() throws SQLException {
        try (Connection c = server.connect()) {
            return Checksums.count(c, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'");
        }
    }

    private static List<String> rows(MariaDbServer on, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = on.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
