package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreRun;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sources in one service (sqlbackup.sources.NAME.*): each is dumped from its own server into
 * its own bucket prefix; commands name the source they are about, and refuse to guess when several
 * are configured; a restore reads the named source's bucket.
 */
class SeveralSourcesTest {

    @Test
    void eachSourceHasItsOwnServerAndBucketAndCommandsNameIt(@TempDir Path tmp) throws Exception {
        try (MariaDbServer first = TestServers.fresh(81); MariaDbServer second = TestServers.fresh(82);
             MariaDbServer target = TestServers.fresh(83)) {
            load(first, "wiki_en", 3);
            load(second, "wiki_de", 5);
            List<String> values = new ArrayList<>(List.of(
                    "sqlbackup.sources.en.url=" + first.jdbcUrl(),
                    "sqlbackup.sources.de.url=" + second.jdbcUrl(),
                    "sqlbackup.sources.de.bucket=file:" + tmp.resolve("german"),
                    "sqlbackup.primary.url=" + target.jdbcUrl(),
                    "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                    "sqlbackup.key=sources-test",
                    "sqlbackup.schedule.enabled=false"));
            Settings settings = new SettingsLoader(Map.of()).load(null, values);

            try (SqlbackupService service = new SqlbackupService(settings)) {
                service.start();
                String en = service.backupOnce("en").object().name();
                String de = service.backupOnce("de").object().name();
                assertTrue(Files.exists(tmp.resolve("bucket/en").resolve(en)), "en goes to <sqlbackup.bucket>/en");
                assertTrue(Files.exists(tmp.resolve("german").resolve(de)), "de goes to its own bucket");
                assertEquals(1, service.backups().source("en").successes());
                assertEquals(1, service.backups().source("de").successes());

                ConfigurationException which = assertThrows(ConfigurationException.class, () -> service.backupOnce(null));
                assertTrue(which.getMessage().contains("several sources are configured (de, en)"), which.getMessage());
                ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> service.backupOnce("fr"));
                assertTrue(unknown.getMessage().contains("no source 'fr'"), unknown.getMessage());

                // A restore reads the bucket of the source it names.
                RestoreRun run = service.restoreQueue().submit(RestoreCommand.parse(
                        "{\"source\": \"de\", \"targets\": [\"primary\"], \"replication\": false}"), "test");
                assertTrue(run.await(120, TimeUnit.SECONDS), "the restore ended");
                assertEquals(RestorePhase.SUCCEEDED, run.status().phase(), run.status().message());
                assertEquals(5, count(target, "wiki_de"));
                assertEquals(List.of(), databases(target, "wiki_en"), "nothing of source en");
            }

            String[] common = values.stream().flatMap(v -> Stream.of("--set", v)).toArray(String[]::new);
            CliRun listDe = CliRun.of(concat(new String[]{"list", "--source", "de"}, common));
            assertEquals(0, listDe.exit(), listDe.err());
            assertTrue(listDe.out().contains("mydumper-backup-"), listDe.out());
            assertTrue(listDe.out().contains("german"), "lists de's bucket: " + listDe.out());
            CliRun listAll = CliRun.of(concat(new String[]{"list"}, common));
            assertNotEquals(0, listAll.exit());
            assertTrue(listAll.err().contains("--source"), listAll.err());
            CliRun verifyEn = CliRun.of(concat(new String[]{"verify", "--source", "en", "latest"}, common));
            assertEquals(0, verifyEn.exit(), verifyEn.err());

            // Each source on its own cron: de every second, en on the (far away) shared schedule.
            List<String> scheduled = new ArrayList<>(values);
            scheduled.remove("sqlbackup.schedule.enabled=false");
            scheduled.addAll(List.of("sqlbackup.schedule.enabled=true", "sqlbackup.schedule=0 0 3 1 1 ? 2099",
                    "sqlbackup.sources.de.schedule=* * * * * ?",
                    "sqlbackup.leader-election.directory=" + tmp.resolve("leader")));
            try (SqlbackupService service = new SqlbackupService(new SettingsLoader(Map.of()).load(null, scheduled))) {
                service.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (service.backups().source("de").successes() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(service.backups().source("de").successes() > 0, "de's own schedule fired");
                assertEquals(0, service.backups().source("en").successes() + service.backups().source("en").failures(),
                        "en keeps the shared schedule");
            }
        }
    }

    @Test
    void aSourceNameMustFitALeaseNameAndALabel() {
        Settings settings = new SettingsLoader(Map.of()).load(null, List.of(
                "sqlbackup.sources.Wiki_EN.url=jdbc:mariadb://127.0.0.1:1/", "sqlbackup.key=k"));
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> new SqlbackupService(settings));
        assertTrue(bad.getMessage().contains("source name 'Wiki_EN'"), bad.getMessage());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static void load(MariaDbServer server, String db, int rows) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".page (id INT PRIMARY KEY, title VARCHAR(50))");
            for (int i = 1; i <= rows; i++) {
                s.execute("INSERT INTO " + db + ".page VALUES (" + i + ", 'page " + i + "')");
            }
        }
    }

    private static long count(MariaDbServer server, String db) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + db + ".page")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> databases(MariaDbServer server, String like) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW DATABASES LIKE '" + like + "'")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }
}
