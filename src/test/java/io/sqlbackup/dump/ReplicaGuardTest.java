package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.server.ServerAccess;
import io.sqlbackup.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A replica that is stopped, broken or behind is not dumped, and the message says what was measured. */
class ReplicaGuardTest {

    private static ReplicationPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = ReplicationPair.start(TestServers.binaries());
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE guarded");
            s.execute("CREATE TABLE guarded.t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO guarded.t VALUES (1, 1)");
        }
        pair.awaitReplicaCaughtUp();
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    private static DumpOptions options(Duration maxLag) {
        return new DumpOptions(List.of(NamePattern.of("guarded")), List.of(), 1 << 20, 1 << 16, 2, maxLag, true, false);
    }

    private static ServerAccess replica() {
        return new ServerAccess("source", pair.replica().jdbcUrl(), "root", "");
    }

    private static void onReplica(String sql) throws Exception {
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aHealthyReplicaIsDumpedAndItsLagRecorded() {
        DumpOptions options = options(Duration.ofSeconds(60));
        try (DumpEntries dump = new DumpEntries(SourceSnapshot.open(replica(), options), options, new DumpProgress())) {
            Manifest manifest = null;
            for (var e = dump.next(); e != null; e = dump.next()) {
                if (e.name().equals(Manifest.NAME)) {
                    manifest = io.sqlbackup.manifest.ManifestJson.read(java.util.Arrays.copyOf(e.data(), e.length()), "test");
                }
            }
            assertNotNull(manifest);
            assertEquals(0L, manifest.source().replicaLagSeconds());
            assertNotNull(manifest.coordinates().replica(), "SHOW SLAVE STATUS coordinates recorded");
        }
    }

    @Test
    void stoppedSqlThreadIsRefused() throws Exception {
        onReplica("STOP SLAVE SQL_THREAD");
        try {
            ReplicaNotReadyException e = assertThrows(ReplicaNotReadyException.class,
                    () -> SourceSnapshot.open(replica(), options(Duration.ofSeconds(60))));
            assertTrue(e.getMessage().contains("is a replica of 127.0.0.1:" + pair.primary().port()
                    + " whose SQL thread is not running (Slave_SQL_Running=No"), e.getMessage());
            assertTrue(e.getMessage().contains("no backup was taken"), e.getMessage());
        } finally {
            onReplica("START SLAVE SQL_THREAD");
        }
    }

    @Test
    void stoppedIoThreadIsRefused() throws Exception {
        onReplica("STOP SLAVE IO_THREAD");
        try {
            ReplicaNotReadyException e = assertThrows(ReplicaNotReadyException.class,
                    () -> SourceSnapshot.open(replica(), options(Duration.ofSeconds(60))));
            assertTrue(e.getMessage().contains("whose IO thread is not running (Slave_IO_Running=No"), e.getMessage());
        } finally {
            onReplica("START SLAVE IO_THREAD");
        }
    }

    @Test
    void laggingReplicaIsRefusedWithTheMeasuredLag() throws Exception {
        // A table lock on the replica stalls its SQL thread on the next write, so the lag grows.
        try (Connection holder = pair.replica().connect(); Statement h = holder.createStatement()) {
            h.execute("LOCK TABLES guarded.t WRITE");
            try (Connection p = pair.primary().connect(); Statement s = p.createStatement()) {
                s.execute("INSERT INTO guarded.t VALUES (2, 2)");
            }
            long lag = 0;
            while (lag < 2) {
                Thread.sleep(200);
                try (Connection r = pair.replica().connect(); Statement s = r.createStatement();
                     ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                    rs.next();
                    lag = rs.getLong("Seconds_Behind_Master");
                }
            }
            ReplicaNotReadyException e = assertThrows(ReplicaNotReadyException.class,
                    () -> SourceSnapshot.open(replica(), options(Duration.ofSeconds(1))));
            assertTrue(e.getMessage().matches(".* that is \\d+ s behind its primary, more than sqlbackup.dump.max-replica-lag \\(1 s\\).*"),
                    e.getMessage());
            h.execute("UNLOCK TABLES");
        }
        pair.awaitReplicaCaughtUp();
    }
}
