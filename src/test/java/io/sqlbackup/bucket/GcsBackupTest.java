package io.sqlbackup.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import io.sqlbackup.testing.gcs.GcsTestServer;
import io.sqlbackup.testing.gcs.TestBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup command with {@code sqlbackup.bucket = gs://...}: the whole pipeline (dump, tar.gz,
 * openssl) streams into GCS through the resumable upload, faults included, and what lands there
 * opens with the real openssl and tar.
 */
class GcsBackupTest {

    private static final String KEY = "correct horse battery staple";

    @Test
    void backupStreamsIntoGcsAndOpensWithOpensslAndTar(@TempDir Path tmp) throws Exception {
        Tools.require("openssl", "tar", "gzip");
        ReplicationPair pair = TestServers.pair();
        List<String> databases;
        try (Connection c = pair.primary().connect()) {
            databases = WikiDataset.load(c, "gcsbackup", 1, 2500);
        }
        pair.awaitReplicaCaughtUp();

        try (GcsTestServer gcs = GcsTestServer.start().bucket("backups")) {
            gcs.faults().failNth(Kind.CHUNK, 1, 503).dropNth(Kind.CHUNK, 3, 100_000);
            CliRun run = CliRun.of("backup",
                    "--set", "sqlbackup.source.url=" + pair.replica().jdbcUrl(),
                    "--set", "sqlbackup.bucket=gs://backups/nightly",
                    "--set", "sqlbackup.gcs.host=" + gcs.url(),
                    "--set", "sqlbackup.gcs.chunk-size=256KB",
                    "--set", "sqlbackup.gcs.retry-delay=10ms",
                    "--set", "sqlbackup.key=" + KEY,
                    "--set", "sqlbackup.dump.databases=" + databases.get(0));
            assertEquals(0, run.exit(), run.err());

            List<String> names = gcs.objectNames("backups");
            assertEquals(1, names.size(), names.toString());
            String name = names.get(0);
            assertTrue(name.matches("nightly/mydumper-backup-\\d{4}-\\d{2}-\\d{2}_\\d{6}\\.tar\\.gz"), name);
            assertTrue(run.out().contains("gs://backups/" + name), run.out());
            assertTrue(gcs.object("backups", name).size() > 3 * 256 * 1024, "the archive spans several chunks");
            assertEquals(2, gcs.faults().injected(), "both faults hit");

            byte[] archive = gcs.objectBytes("backups", name);
            assertEquals(TestBytes.sha256(archive), gcs.object("backups", name).metadata().get(ObjectMetadata.SHA256));
            Path file = Files.write(tmp.resolve("archive.tar.gz.enc"), archive);
            String listing = Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + file
                    + " | tar tz");
            assertTrue(listing.contains("./metadata\n") && listing.contains("./" + databases.get(0) + ".page-schema.sql\n"),
                    listing);

            // Reading it back from GCS: list, verify (through a dropped download), extract by URL, retention.
            String[] gcsSettings = {"--set", "sqlbackup.gcs.host=" + gcs.url(), "--set", "sqlbackup.gcs.retry-delay=10ms",
                    "--set", "sqlbackup.key=" + KEY};
            String object = name.substring("nightly/".length());
            CliRun list = CliRun.of(concat(new String[] {"list", "--set", "sqlbackup.bucket=gs://backups/nightly"}, gcsSettings));
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains(object) && list.out().contains("never"), list.out());

            gcs.faults().dropNth(Kind.DOWNLOAD, 1, 200_000);
            CliRun verify = CliRun.of(concat(new String[] {"verify", "latest", "--set", "sqlbackup.bucket=gs://backups/nightly"},
                    gcsSettings));
            assertEquals(0, verify.exit(), verify.err());
            assertTrue(verify.out().contains("every one matches the manifest's SHA-256"), verify.out());
            assertTrue(gcs.object("backups", name).metadata().containsKey(ObjectMetadata.VERIFIED), "verification recorded");

            Path dir = tmp.resolve("extracted");
            CliRun extract = CliRun.of(concat(new String[] {"extract", "gs://backups/" + name, dir.toString()}, gcsSettings));
            assertEquals(0, extract.exit(), extract.err());
            assertTrue(Files.exists(dir.resolve(databases.get(0) + ".page-schema.sql")));

            gcs.putObject("backups", "nightly/mydumper-backup-2020-01-01_000000.tar.gz", new byte[] {1}, java.util.Map.of());
            gcs.putObject("backups", "nightly/notes.txt", new byte[] {1}, java.util.Map.of());
            CliRun retention = CliRun.of(concat(new String[] {"retention", "--set", "sqlbackup.bucket=gs://backups/nightly",
                    "--set", "sqlbackup.retention.keep-last=1", "--set", "sqlbackup.retention.max-age=1d"}, gcsSettings));
            assertEquals(0, retention.exit(), retention.err());
            assertEquals(java.util.stream.Stream.of("nightly/notes.txt", name).sorted().toList(),
                    gcs.objectNames("backups").stream().sorted().toList());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
