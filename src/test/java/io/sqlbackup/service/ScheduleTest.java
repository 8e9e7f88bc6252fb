package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule fires on its cron, and a firing due while a backup runs does not start a second
 * one: with the source's table write-locked, the first backup waits on the lock while the cron
 * comes due every second; the backup route never has more than one exchange in flight.
 */
class ScheduleTest {

    @Test
    void scheduleFiresAndNeverOverlaps(@TempDir Path tmp) throws Exception {
        try (MariaDbServer source = TestServers.fresh(40)) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE sched");
                s.execute("CREATE DATABASE seq");
                s.execute("CREATE TABLE sched.t (id INT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO sched.t SELECT seq, CONCAT('row ', seq) FROM seq.seq_1_to_100");
            }
            Settings settings = new SettingsLoader(Map.of()).load(null, List.of(
                    "sqlbackup.source.url=" + source.jdbcUrl(),
                    "sqlbackup.bucket=file:" + tmp,
                    "sqlbackup.key=schedule-test",
                    "sqlbackup.dump.databases=sched",
                    "sqlbackup.schedule=* * * * * ?",
                    "sqlbackup.schedule.enabled=true"));
            long maxConcurrent = 0;
            long failed;
            try (Connection locker = source.connect(); Statement lock = locker.createStatement();
                 SqlbackupService service = new SqlbackupService(settings)) {
                lock.execute("LOCK TABLES sched.t WRITE");
                service.start();
                long until = System.currentTimeMillis() + 4000;
                while (System.currentTimeMillis() < until) {
                    maxConcurrent = Math.max(maxConcurrent, service.context().getInflightRepository().size("backup"));
                    Thread.sleep(50);
                }
                lock.execute("UNLOCK TABLES");
                long deadline = System.currentTimeMillis() + 15000;
                while (BackupRoundTripTest.listObjects(tmp).size() < 2 && System.currentTimeMillis() < deadline) {
                    maxConcurrent = Math.max(maxConcurrent, service.context().getInflightRepository().size("backup"));
                    Thread.sleep(50);
                }
                // Firings that came due during the blocked backup are dropped, not run back to back
                // afterwards (catch-up runs would collide on the same second's object name and fail).
                failed = service.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                        .getManagedRoute("backup").getExchangesFailed();
            }
            assertEquals(0, failed, "no catch-up backups after the blocked one");
            assertEquals(1, maxConcurrent, "the cron fired while a backup was blocked, and no second dump started");
            List<Path> objects = BackupRoundTripTest.listObjects(tmp);
            assertTrue(objects.size() >= 2, "the schedule kept firing once the first backup finished: " + objects);
        }
    }
}
