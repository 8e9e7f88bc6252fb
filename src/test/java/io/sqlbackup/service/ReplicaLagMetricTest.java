package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a replica records how far it was behind at the dump in the replica-lag gauge (the
 * dump's measure reaches the meter through the route), rather than the -1 that means "no replica".
 */
class ReplicaLagMetricTest {

    @Test
    void aBackupOfACaughtUpReplicaReportsZeroLag(@TempDir Path tmp) throws Exception {
        ReplicationPair pair = TestServers.pair();
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS lagged");
            s.execute("CREATE TABLE IF NOT EXISTS lagged.t (id INT PRIMARY KEY)");
            s.execute("REPLACE INTO lagged.t VALUES (1)");
        }
        pair.awaitReplicaCaughtUp();
        try (SqlbackupService service = SqlbackupService.service(new SettingsLoader(Map.of()).load(null, List.of(
                "sqlbackup.source.url=" + pair.replica().jdbcUrl(),
                "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                "sqlbackup.key=lag-test",
                "sqlbackup.dump.databases=lagged",
                "sqlbackup.schedule.enabled=false",
                "sqlbackup.leader-election.directory=" + tmp.resolve("leader"),
                "camel.management.enabled=false")))) {
            service.start();
            MeterRegistry meters = service.context().getRegistry().findSingleByType(MeterRegistry.class);
            assertNotNull(meters, "the service keeps a meter registry");
            Gauge lag = meters.get("sqlbackup.backup.replica.lag").tag("source", "default").gauge();
            service.backupOnce();
            assertEquals(0, lag.value(), "the replica had applied every event when the dump began");
        }
    }
}
