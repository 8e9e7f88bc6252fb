package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import io.sqlbackup.testing.gcs.GcsTestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The source dies while its backup is being uploaded: the command fails and says so, and the
 * bucket holds no object, not even a partial one.
 */
class SourceKilledBackupTest {

    @Test
    void backupFailsAndStoresNothingWhenTheSourceDies() throws Exception {
        try (MariaDbServer source = TestServers.fresh(46); GcsTestServer gcs = GcsTestServer.start().bucket("backups")) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE doomed");
                s.execute("USE doomed");
                for (int t = 1; t <= 2; t++) {
                    s.execute("CREATE TABLE t" + t + " (id INT PRIMARY KEY, v VARCHAR(200) NOT NULL)");
                    // Hashes do not compress, so the archive needs many upload chunks.
                    s.execute("INSERT INTO t" + t + " SELECT seq, CONCAT(SHA2(seq, 512), SHA2(seq + 1, 256)) FROM seq_1_to_100000");
                }
            }
            // The second chunk is answered slowly: the dump is then mid-table, held back by the upload.
            gcs.faults().delayNth(Kind.CHUNK, 2, Duration.ofSeconds(3));
            CompletableFuture<CliRun> backup = CompletableFuture.supplyAsync(() -> CliRun.of("backup",
                    "--set", "sqlbackup.source.url=" + source.jdbcUrl(),
                    "--set", "sqlbackup.bucket=gs://backups/nightly",
                    "--set", "sqlbackup.gcs.host=" + gcs.url(),
                    "--set", "sqlbackup.gcs.chunk-size=256KB",
                    "--set", "sqlbackup.key=k",
                    "--set", "sqlbackup.dump.threads=2",
                    "--set", "sqlbackup.dump.chunk-size=256KB"));
            while (gcs.faults().count(Kind.CHUNK) < 2 && !backup.isDone()) {
                Thread.sleep(20);
            }
            source.kill();
            CliRun run = backup.get(120, TimeUnit.SECONDS);
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("lost the connection to the source server at 127.0.0.1:" + source.port()), run.err());
            assertTrue(gcs.objectNames("backups").isEmpty(), gcs.objectNames("backups").toString());
            assertEquals(0, gcs.openUploadSessions(), "the upload session was cancelled, not left open");
        }
    }
}
