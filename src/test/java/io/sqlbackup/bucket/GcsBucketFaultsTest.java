package io.sqlbackup.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.Settings;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import io.sqlbackup.testing.gcs.GcsTestServer;
import io.sqlbackup.testing.gcs.TestBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GcsBucket when GCS or the network misbehaves: errors, 429s, dropped connections, slow answers,
 * damaged uploads. Retries run with 10 ms delays here.
 */
class GcsBucketFaultsTest {

    private static final String BUCKET = "backups";
    private static final int CHUNK = 256 * 1024;
    private static final String NAME = "mydumper-backup-2024-01-02_030405.tar.gz";
    private static final String FULL_NAME = "nightly/" + NAME;

    private GcsTestServer gcs;

    @BeforeEach
    void start() {
        gcs = GcsTestServer.start().bucket(BUCKET);
    }

    @AfterEach
    void stop() {
        gcs.close();
    }

    private Bucket open(Map<String, String> extra) {
        Map<String, String> settings = gcs.clientSettings("gs://backups/nightly");
        settings.put("sqlbackup.gcs.chunk-size", "256KB");
        settings.putAll(extra);
        return BucketLocation.open(new Settings(settings));
    }

    private void assertStoredIntact(Bucket bucket, byte[] data) throws IOException {
        assertEquals(List.of(FULL_NAME), gcs.objectNames(BUCKET));
        assertArrayEquals(data, gcs.objectBytes(BUCKET, FULL_NAME));
        assertEquals(TestBytes.sha256(data), bucket.stat(NAME).sha256());
        try (InputStream in = bucket.get(NAME)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void chunkAnsweredWith503IsRetriedAndTheObjectIsComplete() throws IOException {
        Bucket bucket = open(Map.of());
        byte[] data = TestBytes.random(5 * 1024 * 1024 + 1, 1);
        gcs.faults().failNth(Kind.CHUNK, 3, 503).failNth(Kind.CHUNK, 9, 429);

        StoredObject stored = bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(2, gcs.faults().injected());
        // 21 chunks, 2 sent twice; each retry first asks the session what it has.
        assertEquals(23, gcs.faults().count(Kind.CHUNK));
        assertEquals(2, gcs.faults().count(Kind.SESSION_QUERY));
        assertEquals(data.length, stored.size());
        assertStoredIntact(bucket, data);
    }

    @Test
    void connectionDroppedMidChunkIsResumedFromWhatTheServerKept() throws IOException {
        // 512 KiB chunks; the second loses its connection after 300 000 bytes, of which the server
        // keeps one whole 256 KiB unit: the client must resume in the middle of its chunk.
        Bucket bucket = open(Map.of("sqlbackup.gcs.chunk-size", "512KB"));
        byte[] data = TestBytes.random(3 * 1024 * 1024 + 77, 2);
        gcs.faults().dropNth(Kind.CHUNK, 2, 300_000);

        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(1, gcs.faults().injected());
        assertTrue(gcs.requests().stream().anyMatch(r -> r.contains("[bytes 786432-")),
                "resumed at 512K + 256K: " + gcs.requests());
        assertStoredIntact(bucket, data);
    }

    @Test
    void connectionDroppedBeforeAnyUnitWasKeptIsResentWhole() throws IOException {
        Bucket bucket = open(Map.of());
        byte[] data = TestBytes.random(2 * 1024 * 1024, 3);
        gcs.faults().dropNth(Kind.CHUNK, 4, 1000).dropNth(Kind.CHUNK, 6, 0);

        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(2, gcs.faults().injected());
        assertStoredIntact(bucket, data);
    }

    @Test
    void slowAnswersTimeOutAndAreRetried() throws IOException {
        Bucket bucket = open(Map.of("sqlbackup.gcs.timeout", "300ms"));
        byte[] data = TestBytes.random(3 * CHUNK, 4);
        gcs.faults().delayNth(Kind.CHUNK, 2, Duration.ofMillis(1500)).delayNth(Kind.OBJECT_GET, 1, Duration.ofMillis(1500));

        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(2, gcs.faults().injected());
        assertEquals(4, gcs.faults().count(Kind.CHUNK), "the slow chunk was sent again");
        assertEquals(2, gcs.faults().count(Kind.OBJECT_GET), "the slow lookup was sent again");
        assertStoredIntact(bucket, data);
    }

    @Test
    void retriesExhaustedFailTheUploadAndLeaveNothing() {
        Bucket bucket = open(Map.of("sqlbackup.gcs.retries", "3"));
        gcs.faults().failAll(Kind.CHUNK, 503);

        // The guard is against hanging, not a performance target: 3 attempts, 10 ms apart.
        BucketException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(2 * CHUNK, 5)), Map.of())));

        assertTrue(e.getMessage().contains("503") && e.getMessage().contains("3 attempts")
                && e.getMessage().contains("sqlbackup.gcs.retries"), e.getMessage());
        // A session URI grants write access to the upload by itself: never in a message, nor in a cause's.
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).matches("(?s).*upload_id=[0-9a-f].*"), "session URI in: " + t);
        }
        assertEquals(3, gcs.faults().count(Kind.CHUNK), "exactly the configured number of attempts");
        assertEquals(List.of(), gcs.objectNames(BUCKET));
        assertEquals(0, gcs.openUploadSessions());
        assertEquals(1, gcs.cancelledUploadSessions());
    }

    @Test
    void failedFinalChunkLeavesNothing() {
        Bucket bucket = open(Map.of("sqlbackup.gcs.retries", "2"));
        // Two full chunks pass; the third, final one never does.
        gcs.faults().failRange(Kind.CHUNK, 3, Long.MAX_VALUE, 500);

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(2 * CHUNK + 5, 6)), Map.of()));

        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertEquals(List.of(), gcs.objectNames(BUCKET));
        assertEquals(0, gcs.openUploadSessions());
    }

    @Test
    void objectFinalisedWithoutTheClientKnowingIsRemoved() {
        Bucket bucket = open(Map.of("sqlbackup.gcs.retries", "3"));
        // The final chunk creates the object but its answer is lost, and every status query the
        // client then makes fails: the upload fails, and the object it made must not stay.
        gcs.faults().loseAnswerNth(Kind.CHUNK, 2).failAll(Kind.SESSION_QUERY, 503);

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(CHUNK + 9, 13)), Map.of()));

        assertTrue(e.getMessage().contains("503"), e.getMessage());
        assertEquals(1, gcs.faults().count(Kind.OBJECT_DELETE), "the stray object was deleted");
        assertEquals(List.of(), gcs.objectNames(BUCKET));
    }

    @Test
    void sessionStartAndFinalChecksAreRetried() throws IOException {
        Bucket bucket = open(Map.of());
        byte[] data = TestBytes.random(CHUNK + 1, 7);
        gcs.faults().failNth(Kind.SESSION_START, 1, 503).failNth(Kind.OBJECT_UPDATE, 1, 502).failNth(Kind.OBJECT_GET, 1, 429);

        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(3, gcs.faults().injected());
        assertEquals(2, gcs.faults().count(Kind.SESSION_START));
        assertStoredIntact(bucket, data);
    }

    @Test
    void wrongChecksumReportedByGcsDeletesTheObject() {
        Bucket bucket = open(Map.of());
        gcs.faults().reportWrongCrc32c(FULL_NAME);

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(CHUNK * 2 + 3, 8)), Map.of()));

        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("deleted"), e.getMessage());
        assertEquals(List.of(), gcs.objectNames(BUCKET));
        assertEquals(1, gcs.faults().count(Kind.OBJECT_DELETE));
    }

    @Test
    void digestThatCannotBeRecordedDeletesTheObject() {
        Bucket bucket = open(Map.of());
        gcs.faults().failAll(Kind.OBJECT_UPDATE, 403);

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(1000, 9)), Map.of()));

        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("403")
                && e.getMessage().contains("deleted"), e.getMessage());
        assertEquals(List.of(), gcs.objectNames(BUCKET));
    }

    @Test
    void uploadedObjectThatCannotBeCheckedIsDeleted() {
        Bucket bucket = open(Map.of("sqlbackup.gcs.retries", "2"));
        gcs.faults().failAll(Kind.OBJECT_GET, 503);

        BucketException e = assertThrows(BucketException.class,
                () -> bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(1000, 14)), Map.of()));

        assertTrue(e.getMessage().contains("checking the uploaded") && e.getMessage().contains("503"), e.getMessage());
        assertEquals(1, gcs.faults().count(Kind.OBJECT_DELETE));
        assertEquals(List.of(), gcs.objectNames(BUCKET));
    }

    @Test
    void digestUpdateWhoseAnswerWasLostCountsAsRecorded() throws IOException {
        Bucket bucket = open(Map.of());
        byte[] data = TestBytes.random(1000, 10);
        // The server applies the update but the connection drops before the answer: the retry
        // then fails its metageneration precondition, and the object already has our digest.
        gcs.faults().loseAnswerNth(Kind.OBJECT_UPDATE, 1);

        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());

        assertEquals(2, gcs.faults().count(Kind.OBJECT_UPDATE), "the update was retried");
        assertEquals(2, gcs.object(BUCKET, FULL_NAME).metageneration(), "and applied once");
        assertStoredIntact(bucket, data);
    }

    @Test
    void downloadsResumeAfterDropsAndErrors() throws IOException {
        Bucket bucket = open(Map.of());
        byte[] data = TestBytes.random(6 * 1024 * 1024, 11);
        bucket.put(NAME, new ByteArrayInputStream(data), Map.of());
        gcs.faults().clear();
        gcs.faults().dropNth(Kind.DOWNLOAD, 1, 1_500_000).failNth(Kind.DOWNLOAD, 2, 503).dropNth(Kind.DOWNLOAD, 3, 10);

        byte[] read;
        try (InputStream in = bucket.get(NAME)) {
            read = in.readAllBytes();
        }

        assertArrayEquals(data, read);
        assertEquals(3, gcs.faults().injected());
        assertTrue(gcs.requests().stream().anyMatch(r -> r.contains("alt=media")), gcs.requests().toString());
    }

    @Test
    void downloadThatKeepsFailingEndsInABucketError() throws IOException {
        Bucket bucket = open(Map.of("sqlbackup.gcs.retries", "2"));
        bucket.put(NAME, new ByteArrayInputStream(TestBytes.random(3 * 1024 * 1024, 12)), Map.of());
        gcs.faults().failAll(Kind.DOWNLOAD, 503);

        try (InputStream in = bucket.get(NAME)) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getCause() instanceof BucketException && e.getMessage().contains(NAME), e.toString());
        }
    }

    @Test
    void listAndDeleteAreRetried() {
        Bucket bucket = open(Map.of());
        gcs.maxPageSize(1);
        for (String name : List.of("a", "b", "c")) {
            bucket.put(name, new ByteArrayInputStream(new byte[10]), Map.of());
        }
        gcs.faults().clear();
        gcs.faults().failNth(Kind.LIST, 2, 503).loseAnswerNth(Kind.LIST, 3).failNth(Kind.OBJECT_DELETE, 1, 503);

        assertEquals(List.of("a", "b", "c"), bucket.list().stream().map(StoredObject::name).toList());
        bucket.delete("b");

        assertEquals(List.of("nightly/a", "nightly/c"), gcs.objectNames(BUCKET));
        assertEquals(3, gcs.faults().injected());
    }
}
