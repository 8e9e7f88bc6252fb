package io.sqlbackup.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.config.Settings;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import io.sqlbackup.testing.gcs.GcsTestServer;
import io.sqlbackup.testing.gcs.TestBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GcsBucket through the real google-cloud-storage client, over HTTP, against the GCS test server. */
class GcsBucketTest {

    private static final String BUCKET = "backups";
    private static final int CHUNK = 256 * 1024;

    private GcsTestServer gcs;
    private Bucket bucket;

    @BeforeEach
    void start() {
        gcs = GcsTestServer.start().bucket(BUCKET);
        bucket = open("gs://backups/nightly", Map.of("sqlbackup.gcs.chunk-size", "256KB"));
    }

    @AfterEach
    void stop() {
        gcs.close();
    }

    private Bucket open(String location, Map<String, String> extra) {
        Map<String, String> settings = gcs.clientSettings(location);
        settings.putAll(extra);
        return BucketLocation.open(new Settings(settings));
    }

    @Test
    void multiChunkObjectRoundTripsWithItsSha256() throws IOException {
        byte[] data = TestBytes.random(5 * 1024 * 1024 + 123, 1);
        Instant before = Instant.now().minusSeconds(1);

        StoredObject stored = bucket.put("mydumper-backup-2024-01-02_030405.tar.gz", new ByteArrayInputStream(data),
                Map.of(ObjectMetadata.TOOL, "sqlbackup test", ObjectMetadata.FORMAT, "tar.gz+openssl-aes-256-cbc"));

        assertEquals("mydumper-backup-2024-01-02_030405.tar.gz", stored.name());
        assertEquals(data.length, stored.size());
        assertEquals(TestBytes.sha256(data), stored.sha256());
        assertEquals("sqlbackup test", stored.metadata().get(ObjectMetadata.TOOL));
        assertEquals("gs://backups/nightly/mydumper-backup-2024-01-02_030405.tar.gz", stored.location());
        assertTrue(stored.created().isAfter(before), "created " + stored.created());
        // Stored under PREFIX/NAME, in 21 chunk requests of 256 KiB (the last one short), bytes intact.
        assertEquals(List.of("nightly/mydumper-backup-2024-01-02_030405.tar.gz"), gcs.objectNames(BUCKET));
        assertArrayEquals(data, gcs.objectBytes(BUCKET, "nightly/mydumper-backup-2024-01-02_030405.tar.gz"));
        assertEquals((data.length + CHUNK - 1) / CHUNK, gcs.faults().count(Kind.CHUNK));
        assertEquals(TestBytes.sha256(data),
                gcs.object(BUCKET, "nightly/mydumper-backup-2024-01-02_030405.tar.gz").metadata().get(ObjectMetadata.SHA256));
        assertEquals(0, gcs.openUploadSessions());

        try (InputStream in = bucket.get("mydumper-backup-2024-01-02_030405.tar.gz")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        StoredObject stat = bucket.stat("mydumper-backup-2024-01-02_030405.tar.gz");
        assertEquals(stored, stat);
    }

    @Test
    void objectOfWholeChunksAndEmptyObjectAreFinalisedToo() throws IOException {
        // A size that is a multiple of the chunk size ends with an empty finalising request.
        byte[] whole = TestBytes.random(4 * CHUNK, 2);
        assertEquals(TestBytes.sha256(whole), bucket.put("whole", new ByteArrayInputStream(whole), Map.of()).sha256());
        assertArrayEquals(whole, bucket.get("whole").readAllBytes());

        StoredObject empty = bucket.put("empty", new ByteArrayInputStream(new byte[0]), Map.of());
        assertEquals(0, empty.size());
        assertEquals(TestBytes.sha256(new byte[0]), empty.sha256());
        assertArrayEquals(new byte[0], bucket.get("empty").readAllBytes());
    }

    @Test
    void listShowsDirectChildrenOfThePrefixAcrossPages() {
        gcs.maxPageSize(2);
        for (int i = 1; i <= 5; i++) {
            bucket.put("mydumper-backup-2024-01-0" + i + "_000000.tar.gz", new ByteArrayInputStream(TestBytes.random(1000, i)),
                    Map.of());
        }
        gcs.putObject(BUCKET, "nightly/README.txt", "not ours".getBytes(), Map.of());
        gcs.putObject(BUCKET, "nightly/old/mydumper-backup-2020-01-01_000000.tar.gz", new byte[10], Map.of());
        gcs.putObject(BUCKET, "nightly-old/mydumper-backup-2021-01-01_000000.tar.gz", new byte[10], Map.of());
        gcs.putObject(BUCKET, "weekly/mydumper-backup-2022-01-01_000000.tar.gz", new byte[10], Map.of());
        gcs.putObject(BUCKET, "mydumper-backup-2023-01-01_000000.tar.gz", new byte[10], Map.of());
        long listsBefore = gcs.faults().count(Kind.LIST);

        List<StoredObject> listed = bucket.list();

        assertEquals(List.of("README.txt", "mydumper-backup-2024-01-01_000000.tar.gz", "mydumper-backup-2024-01-02_000000.tar.gz",
                "mydumper-backup-2024-01-03_000000.tar.gz", "mydumper-backup-2024-01-04_000000.tar.gz",
                "mydumper-backup-2024-01-05_000000.tar.gz"), listed.stream().map(StoredObject::name).toList());
        // 6 objects and the "old/" prefix, 2 per page: 4 pages.
        assertEquals(4, gcs.faults().count(Kind.LIST) - listsBefore);
        StoredObject foreign = listed.get(0);
        assertNull(foreign.sha256());
        assertEquals(8, foreign.size());
        StoredObject third = listed.get(3);
        assertEquals(TestBytes.sha256(TestBytes.random(1000, 3)), third.sha256());
        assertEquals(1000, third.size());
        assertTrue(third.created() != null);
    }

    @Test
    void bucketWithoutPrefixListsTopLevelObjects() {
        Bucket top = open("gs://backups", Map.of());
        assertEquals("gs://backups", top.describe());
        top.put("a.tar.gz", new ByteArrayInputStream(new byte[] {1, 2, 3}), Map.of());
        gcs.putObject(BUCKET, "nightly/b.tar.gz", new byte[1], Map.of());
        assertEquals(List.of("a.tar.gz"), top.list().stream().map(StoredObject::name).toList());
        assertEquals(List.of("a.tar.gz", "nightly/b.tar.gz"), gcs.objectNames(BUCKET));
    }

    @Test
    void deleteRemovesTheObject() {
        bucket.put("a.tar.gz", new ByteArrayInputStream(new byte[100]), Map.of());
        bucket.put("b.tar.gz", new ByteArrayInputStream(new byte[100]), Map.of());

        bucket.delete("a.tar.gz");

        assertEquals(List.of("nightly/b.tar.gz"), gcs.objectNames(BUCKET));
        assertThrows(ObjectNotFoundException.class, () -> bucket.stat("a.tar.gz"));
        assertThrows(ObjectNotFoundException.class, () -> bucket.delete("a.tar.gz"));
    }

    @Test
    void updateMetadataAddsEntriesAndKeepsTheDigest() {
        StoredObject stored = bucket.put("a.tar.gz", new ByteArrayInputStream(new byte[100]),
                Map.of(ObjectMetadata.TOOL, "sqlbackup 1"));

        bucket.updateMetadata("a.tar.gz", Map.of(ObjectMetadata.VERIFIED, "2024-01-02T03:04:05Z"));

        StoredObject after = bucket.stat("a.tar.gz");
        assertEquals(stored.sha256(), after.sha256());
        assertEquals("sqlbackup 1", after.metadata().get(ObjectMetadata.TOOL));
        assertEquals("2024-01-02T03:04:05Z", after.metadata().get(ObjectMetadata.VERIFIED));
        assertEquals(3, gcs.object(BUCKET, "nightly/a.tar.gz").metageneration(), "upload, digest, verified");
        assertThrows(ObjectNotFoundException.class, () -> bucket.updateMetadata("missing", Map.of("k", "v")));
    }

    @Test
    void anExistingNameIsNeverReplaced() throws IOException {
        byte[] first = TestBytes.random(300_000, 1);
        StoredObject original = bucket.put("a.tar.gz", new ByteArrayInputStream(first), Map.of());

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put("a.tar.gz", new ByteArrayInputStream(TestBytes.random(300_000, 2)), Map.of()));

        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(first, bucket.get("a.tar.gz").readAllBytes());
        assertEquals(original, bucket.stat("a.tar.gz"));
        assertEquals(0, gcs.openUploadSessions());
    }

    @Test
    void anObjectCreatedBySomeoneElseDuringTheUploadIsKept() {
        byte[] theirs = "someone else's".getBytes();
        byte[] ours = TestBytes.random(3 * CHUNK + 10, 6);
        // Between our chunks, another writer stores the same name; GCS refuses to finalise ours.
        InputStream content = new java.io.SequenceInputStream(new ByteArrayInputStream(ours, 0, 2 * CHUNK), new InputStream() {
            private final InputStream rest = new ByteArrayInputStream(ours, 2 * CHUNK, ours.length - 2 * CHUNK);
            private boolean raced;

            @Override
            public int read() throws IOException {
                return rest.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!raced) {
                    raced = true;
                    gcs.putObject(BUCKET, "nightly/a.tar.gz", theirs, Map.of());
                }
                return rest.read(b, off, len);
            }
        });

        BucketException e = assertThrows(BucketException.class, () -> bucket.put("a.tar.gz", content, Map.of()));

        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(theirs, gcs.objectBytes(BUCKET, "nightly/a.tar.gz"));
        assertNull(gcs.object(BUCKET, "nightly/a.tar.gz").metadata().get(ObjectMetadata.SHA256));
    }

    @Test
    void aMissingBucketIsNamedWhenWriting() {
        Bucket missing = open("gs://no-such-bucket/x", Map.of());
        BucketException put = assertThrows(BucketException.class,
                () -> missing.put("a.tar.gz", new ByteArrayInputStream(new byte[1]), Map.of()));
        assertTrue(put.getMessage().contains("no-such-bucket") && put.getMessage().contains("exists"), put.getMessage());
        BucketException list = assertThrows(BucketException.class, missing::list);
        assertTrue(list.getMessage().contains("no-such-bucket"), list.getMessage());
    }

    @Test
    void tensOfMegabytesStreamThroughWithoutBeingHeld() throws IOException {
        Bucket large = open("gs://backups/nightly", Map.of("sqlbackup.gcs.chunk-size", "8MB"));
        long size = 48L * 1024 * 1024 + 4321;
        GeneratedStream source = new GeneratedStream(size, 7);

        StoredObject stored = large.put("large.tar.gz", source, Map.of());

        assertEquals(size, stored.size());
        assertEquals(source.sha256(), stored.sha256());
        assertEquals(7, gcs.faults().count(Kind.CHUNK));
        GeneratedStream expected = new GeneratedStream(size, 7);
        try (InputStream in = large.get("large.tar.gz")) {
            byte[] got = new byte[64 * 1024];
            byte[] want = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(got)) > 0; total += n) {
                assertEquals(n, expected.readNBytes(want, 0, n));
                assertTrue(java.util.Arrays.equals(got, 0, n, want, 0, n), "bytes differ near offset " + total);
            }
            assertEquals(size, total);
        }
    }

    /** Pseudo-random bytes produced as they are read, so the test itself never holds the object. */
    private static final class GeneratedStream extends InputStream {
        private final java.util.Random random;
        private final java.security.MessageDigest digest;
        private long left;

        GeneratedStream(long size, long seed) {
            this.random = new java.util.Random(seed);
            this.left = size;
            try {
                this.digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), 8192);
            byte[] block = new byte[n];
            random.nextBytes(block);
            System.arraycopy(block, 0, b, off, n);
            digest.update(block);
            left -= n;
            return n;
        }

        String sha256() {
            return java.util.HexFormat.of().formatHex(digest.digest());
        }
    }

    @Test
    void aFailingStreamLeavesNoObject() {
        // Upstream (dump, archive, cipher) fails after 3 chunks have been sent.
        SqlBackupException upstream = new SqlBackupException("the dump failed");
        InputStream content = TestBytes.failingAfter(TestBytes.random(3 * CHUNK + 1000, 3), new IOException(upstream));

        SqlBackupException e = assertThrows(SqlBackupException.class, () -> bucket.put("a.tar.gz", content, Map.of()));

        assertSame(upstream, e, "the upstream failure is reported, not the upload");
        assertTrue(gcs.faults().count(Kind.CHUNK) >= 3, "chunks were sent before the failure");
        assertEquals(List.of(), gcs.objectNames(BUCKET));
        assertEquals(0, gcs.openUploadSessions());
        assertEquals(1, gcs.cancelledUploadSessions(), "the session was cancelled, not finalised");
        assertThrows(ObjectNotFoundException.class, () -> bucket.stat("a.tar.gz"));
    }

    @Test
    void aPlainIoFailureOfTheStreamIsABucketErrorAndLeavesNoObject() {
        InputStream content = TestBytes.failingAfter(TestBytes.random(CHUNK + 10, 4), new IOException("pipe broke"));

        BucketException e = assertThrows(BucketException.class, () -> bucket.put("a.tar.gz", content, Map.of()));

        assertTrue(e.getMessage().contains("pipe broke") && e.getMessage().contains("nothing was stored"), e.getMessage());
        assertEquals(List.of(), gcs.objectNames(BUCKET));
        assertEquals(0, gcs.openUploadSessions());
    }

    @Test
    void missingObjectsAreReportedAsSuch() {
        assertThrows(ObjectNotFoundException.class, () -> bucket.get("nope.tar.gz"));
        assertThrows(ObjectNotFoundException.class, () -> bucket.stat("nope.tar.gz"));
        assertThrows(IllegalArgumentException.class, () -> bucket.get("a/b"));
    }

    @Test
    void theServiceOpensAWorkingGcsBucketFromSettings() throws IOException {
        Map<String, String> settings = gcs.clientSettings("gs://backups/prod/db1/");
        Bucket opened = BucketLocation.open(new Settings(settings));

        assertInstanceOf(GcsBucket.class, opened);
        assertEquals("gs://backups/prod/db1", opened.describe());
        opened.checkWritable();
        byte[] data = TestBytes.random(100_000, 5);
        opened.put("x.tar.gz", new ByteArrayInputStream(data), Map.of());
        assertEquals(List.of("prod/db1/x.tar.gz"), gcs.objectNames(BUCKET));
        assertArrayEquals(data, opened.get("x.tar.gz").readAllBytes());
        // The default chunk size (16MB) took this in one request.
        assertEquals(1, gcs.faults().count(Kind.CHUNK));
    }

    @Test
    void checkWritableNamesWhatIsWrong() {
        BucketException missing = assertThrows(BucketException.class,
                () -> open("gs://no-such-bucket/x", Map.of()).checkWritable());
        assertTrue(missing.getMessage().contains("no-such-bucket") && missing.getMessage().contains("exists"),
                missing.getMessage());
        assertEquals("sqlbackup.bucket", missing.configKey());

        gcs.revokePermission(BUCKET, "storage.objects.create");
        BucketException denied = assertThrows(BucketException.class, () -> bucket.checkWritable());
        assertTrue(denied.getMessage().contains("storage.objects.create") && denied.getMessage().contains("roles/storage"),
                denied.getMessage());
        assertFalse(denied.getMessage().contains("storage.objects.get"), denied.getMessage());

        gcs.faults().failAll(Kind.PERMISSIONS, 401);
        BucketException unauthenticated = assertThrows(BucketException.class, () -> bucket.checkWritable());
        assertTrue(unauthenticated.getMessage().contains("sqlbackup.gcs.credentials-file"), unauthenticated.getMessage());
    }

    @Test
    void anUnreachableEndpointFailsWithinTheRetryBudget() {
        Bucket unreachable = BucketLocation.open(new Settings(Map.of("sqlbackup.bucket", "gs://backups/x",
                "sqlbackup.gcs.host", "http://127.0.0.1:1", "sqlbackup.gcs.retries", "2",
                "sqlbackup.gcs.retry-delay", "10ms")));

        // The guard is against hanging, not a performance target: two attempts 10 ms apart.
        BucketException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(BucketException.class, unreachable::checkWritable));

        assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:1") && e.getMessage().contains("sqlbackup.gcs.host"),
                e.getMessage());
    }
}
