package io.sqlbackup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.testing.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** archive:pack and archive:unpack as routes use them, with their options. */
class ArchiveEndpointTest {

    @TempDir
    Path tmp;

    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void packThenUnpackThroughTheEndpoints() throws Exception {
        Tools.require("gzip");
        Path dir = SampleDump.directory(tmp.resolve("dump"));
        Instant started = Instant.parse("2026-01-02T03:04:05Z");
        Exchange packed = template.request("archive:pack?level=6&threads=2", e -> {
            e.getMessage().setBody(TarUnpackStreamTest.directorySource(dir));
            e.getMessage().setHeader(BackupHeaders.STARTED, started);
        });
        assertEquals(null, packed.getException());
        String name = packed.getMessage().getHeader(BackupHeaders.OBJECT_NAME, String.class);
        assertEquals("mydumper-backup-2026-01-02_030405.tar.gz", name);
        Path archive = tmp.resolve(name);
        try (InputStream in = packed.getMessage().getBody(InputStream.class)) {
            Files.copy(in, archive);
        }
        Tools.shellOk(tmp, "gzip -t " + archive);

        Exchange unpacked = template.request("archive:unpack?maxUnpackedSize=1G", e -> {
            e.getMessage().setBody(Files.newInputStream(archive));
            e.getMessage().setHeader(BackupHeaders.OBJECT_NAME, name);
        });
        assertEquals(null, unpacked.getException());
        try (UnpackedEntries entries = unpacked.getMessage().getBody(UnpackedEntries.class)) {
            Map<String, String> digests = SampleDump.digests(entries);
            assertEquals(SampleDump.digests(dir), digests);
        }
    }

    @Test
    void theCeilingOptionIsAppliedAndTheArchiveNamed() throws Exception {
        Path dir = SampleDump.directory(tmp.resolve("dump"));
        Path archive = tmp.resolve("a.tar.zst");
        try (InputStream in = new TarPackStream(TarUnpackStreamTest.directorySource(dir), Compression.ZSTD, 3, Instant.now())) {
            Files.copy(in, archive);
        }
        Exchange unpacked = template.request("archive:unpack?maxUnpackedSize=1MB", e -> {
            e.getMessage().setBody(Files.newInputStream(archive));
            e.getMessage().setHeader(BackupHeaders.OBJECT_NAME, "mydumper-backup-2026-01-02_030405.tar.zst");
        });
        try (UnpackedEntries entries = unpacked.getMessage().getBody(UnpackedEntries.class)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> SampleDump.digests(entries));
            assertEquals(ArchiveException.Reason.TOO_LARGE, e.reason());
            assertTrue(e.getMessage().startsWith("mydumper-backup-2026-01-02_030405.tar.zst unpacks to more than 1048576 bytes"),
                    e.getMessage());
        }
    }

    @Test
    void badOptionsAreRefusedWhenTheEndpointIsCreated() {
        assertConfigError("archive:pack?threads=-1", ArchiveEndpoint.THREADS_KEY);
        assertConfigError("archive:unpack?maxUnpackedSize=lots", ArchiveEndpoint.MAX_UNPACKED_SIZE_KEY);
        assertConfigError("archive:pack?compression=zstd&level=22", "sqlbackup.compression.level");
        Exception e = assertThrows(Exception.class, () -> camel.getEndpoint("archive:explode"));
        assertTrue(e.getMessage().contains("use archive:pack or archive:unpack"), e.getMessage());
    }

    private void assertConfigError(String uri, String key) {
        Exception e = assertThrows(Exception.class, () -> template.requestBody(uri, "x"));
        SqlBackupException known = SqlBackupException.findIn(e);
        assertTrue(known instanceof ConfigurationException, uri + ": " + e);
        assertEquals(key, known.configKey());
    }
}
