package io.sqlbackup.testing.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.paging.Page;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test server answers the real google-cloud-storage client as GCS does, for the calls other
 * tests may make beyond those GcsBucket uses: multipart uploads, ranged reads, listings with and
 * without a delimiter, metadata patches, preconditions.
 */
class GcsTestServerTest {

    private GcsTestServer gcs;
    private Storage storage;

    @BeforeEach
    void start() {
        gcs = GcsTestServer.start().bucket("b1");
        storage = StorageOptions.http().setHost(gcs.url()).setProjectId("p").setCredentials(NoCredentials.getInstance())
                .build().getService();
    }

    @AfterEach
    void stop() throws Exception {
        storage.close();
        gcs.close();
    }

    @Test
    void multipartUploadStoresBytesMetadataAndChecksums() {
        byte[] data = TestBytes.random(70_000, 1);
        Blob blob = storage.create(BlobInfo.newBuilder("b1", "dir/obj").setContentType("text/plain")
                .setMetadata(Map.of("k", "v")).build(), data, Storage.BlobTargetOption.doesNotExist());

        assertEquals(1, gcs.faults().count(Kind.SIMPLE_UPLOAD));
        assertEquals(70_000L, blob.getSize());
        assertEquals(Map.of("k", "v"), blob.getMetadata());
        assertEquals("text/plain", blob.getContentType());
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertEquals(Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()),
                blob.getCrc32c());
        assertArrayEquals(data, gcs.objectBytes("b1", "dir/obj"));
        assertArrayEquals(data, storage.readAllBytes(BlobId.of("b1", "dir/obj")));

        StorageException exists = assertThrows(StorageException.class, () -> storage.create(
                BlobInfo.newBuilder("b1", "dir/obj").build(), new byte[1], Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, exists.getCode());
    }

    @Test
    void rangedReadsReturnTheRequestedBytes() throws IOException {
        byte[] data = TestBytes.random(1_000_000, 2);
        gcs.putObject("b1", "obj", data, Map.of());
        try (ReadChannel reader = storage.reader(BlobId.of("b1", "obj"))) {
            reader.seek(123_456);
            reader.limit(200_000);
            byte[] part = Channels.newInputStream(reader).readAllBytes();
            byte[] expected = new byte[200_000 - 123_456];
            System.arraycopy(data, 123_456, expected, 0, expected.length);
            assertArrayEquals(expected, part);
        }
        assertTrue(gcs.requests().stream().anyMatch(r -> r.contains("alt=media")), gcs.requests().toString());
    }

    @Test
    void listingHonoursPrefixDelimiterAndPageSize() {
        for (String name : List.of("a/1", "a/2", "a/3", "a/sub/4", "a/sub/5", "a/tub/6", "ab/7", "b/8")) {
            gcs.putObject("b1", name, new byte[1], Map.of());
        }
        List<String> directory = new ArrayList<>();
        Page<Blob> page = storage.list("b1", BlobListOption.prefix("a/"), BlobListOption.currentDirectory(),
                BlobListOption.pageSize(2));
        page.iterateAll().forEach(b -> directory.add((b.isDirectory() ? "dir:" : "") + b.getName()));
        assertEquals(List.of("a/1", "a/2", "a/3", "dir:a/sub/", "dir:a/tub/"), directory);
        assertEquals(3, gcs.faults().count(Kind.LIST));

        List<String> flat = new ArrayList<>();
        storage.list("b1", BlobListOption.prefix("a"), BlobListOption.pageSize(3)).iterateAll()
                .forEach(b -> flat.add(b.getName()));
        assertEquals(List.of("a/1", "a/2", "a/3", "a/sub/4", "a/sub/5", "a/tub/6", "ab/7"), flat);
    }

    @Test
    void metadataPatchesMergeAndHonourMetageneration() {
        gcs.putObject("b1", "obj", new byte[3], Map.of("keep", "1", "drop", "2"));
        Blob blob = storage.get(BlobId.of("b1", "obj"));
        Map<String, String> change = new HashMap<>();
        change.put("drop", null);
        change.put("add", "3");

        Blob updated = storage.update(blob.toBuilder().setMetadata(change).build(),
                Storage.BlobTargetOption.metagenerationMatch());

        assertEquals(Map.of("keep", "1", "add", "3"), gcs.object("b1", "obj").metadata());
        assertEquals(2L, updated.getMetageneration());
        StorageException stale = assertThrows(StorageException.class, () -> storage.update(
                blob.toBuilder().setMetadata(Map.of("x", "y")).build(), Storage.BlobTargetOption.metagenerationMatch()));
        assertEquals(412, stale.getCode());
        assertNull(gcs.object("b1", "obj").metadata().get("x"));
    }

    @Test
    void deletesAndGetsHonourGenerations() {
        long generation = gcs.putObject("b1", "obj", new byte[3], Map.of()).generation();
        assertFalse(storage.delete(BlobId.of("b1", "obj", generation + 1)));
        assertNull(storage.get(BlobId.of("b1", "missing")));
        assertTrue(storage.delete(BlobId.of("b1", "obj", generation)));
        assertEquals(List.of(), gcs.objectNames("b1"));
        assertNull(storage.get("no-such-bucket"));
        assertEquals("b1", storage.get("b1").getName());
    }

    @Test
    void resumableUploadThroughTheClientWriterAndItsFaults() throws IOException {
        byte[] data = TestBytes.random(3 * 256 * 1024 + 5, 3);
        gcs.faults().failNth(Kind.CHUNK, 2, 503).dropNth(Kind.DOWNLOAD, 1, 100_000);
        try (WriteChannel writer = storage.writer(BlobInfo.newBuilder("b1", "big").build())) {
            writer.setChunkSize(256 * 1024);
            writer.write(ByteBuffer.wrap(data));
        }
        assertArrayEquals(data, gcs.objectBytes("b1", "big"));
        try (InputStream in = Channels.newInputStream(storage.reader(BlobId.of("b1", "big")))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(2, gcs.faults().injected());
    }
}
