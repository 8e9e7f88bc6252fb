package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-machine default (sqlbackup.leader-election=file, no API server): two services on one
 * host writing to one bucket take each scheduled backup once, from whichever holds the source's lock
 * file; when it stops, the other takes over.
 */
class FileLeaderElectionTest {

    @Test
    void oneOfTwoServicesRunsTheScheduleAndTheOtherTakesOver(@TempDir Path tmp) throws Exception {
        try (MariaDbServer source = TestServers.fresh(95)) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE locked");
                s.execute("CREATE TABLE locked.t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO locked.t VALUES (1)");
            }
            SqlbackupService first = SqlbackupService.service(settings(source, tmp, "first"));
            SqlbackupService second = SqlbackupService.service(settings(source, tmp, "second"));
            try {
                first.start();
                await("the first service leads", () -> first.isLeader("default"));
                second.start();
                await("the first has backed up", () -> first.backups().source("default").successes() >= 2);
                assertTrue(first.isLeader("default"));
                assertFalse(second.isLeader("default"), "one lock file, one leader");
                assertEquals(0, second.backups().source("default").successes() + second.backups().source("default").failures(),
                        "the second took no scheduled backup while the first led");

                first.close();
                await("the second takes over", () -> second.isLeader("default"));
                await("and backs up", () -> second.backups().source("default").successes() >= 1);
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static Settings settings(MariaDbServer source, Path tmp, String name) {
        return new SettingsLoader(Map.of()).load(null, List.of(
                "sqlbackup.source.url=" + source.jdbcUrl(),
                "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                "sqlbackup.key=file-lock-test",
                "sqlbackup.dump.databases=locked",
                "sqlbackup.schedule=*/2 * * * * ?",
                "sqlbackup.retention.enabled=false",
                "sqlbackup.leader-election=file",
                "sqlbackup.leader-election.directory=" + tmp.resolve("locks"),
                "sqlbackup.leader-election.retry-period=1s",
                // two services in one JVM: the management server's port, the Camel context's and Quartz's names would clash
                "camel.management.enabled=false",
                "camel.main.name=sqlbackup-" + name));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen within 60 s");
    }
}
