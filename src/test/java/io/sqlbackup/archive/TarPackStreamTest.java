package io.sqlbackup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.Tools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed stream is what {@code tar -cz -C DIR .} would write, readable by the real tar, gzip and zstd. */
class TarPackStreamTest {

    @TempDir
    Path tmp;

    private static final String LONG_NAME = "wiki_with_a_really_long_database_name_0001.some_extension_table_with_a_long_name_too_0001.00000.sql";

    private static EntrySource entries(List<ArchiveEntry> list) {
        Deque<ArchiveEntry> queue = new ArrayDeque<>(list);
        return new EntrySource() {
            @Override
            public ArchiveEntry next() {
                return queue.poll();
            }

            @Override
            public void close() {
            }
        };
    }

    private static ArchiveEntry entry(String name, byte[] data) {
        return new ArchiveEntry(name, data, data.length);
    }

    private Path pack(Compression compression, List<ArchiveEntry> list) throws Exception {
        Path out = tmp.resolve("archive" + compression.extension());
        try (InputStream in = new TarPackStream(entries(list), compression, 3, Instant.parse("2026-01-02T03:04:05Z"))) {
            Files.copy(in, out);
        }
        return out;
    }

    @Test
    void gzipArchiveOpensWithTarAndGzip() throws Exception {
        Tools.require("tar", "gzip");
        byte[] big = new byte[3_000_000];
        new Random(1).nextBytes(big);
        Path archive = pack(Compression.GZIP, List.of(entry("metadata", "Started dump at: x\n".getBytes()),
                entry(LONG_NAME, "INSERT INTO t VALUES (1);\n".getBytes()), entry("db.blob.00000.sql", big),
                entry("empty.sql", new byte[0])));
        Tools.shellOk(tmp, "gzip -t " + archive);
        String listing = Tools.shellOk(tmp, "tar tzf " + archive);
        assertEquals(List.of("./", "./metadata", "./" + LONG_NAME, "./db.blob.00000.sql", "./empty.sql"), listing.lines().toList());
        Path out = Files.createDirectories(tmp.resolve("out"));
        Tools.shellOk(tmp, "tar xzf " + archive + " -C " + out);
        assertArrayEquals(big, Files.readAllBytes(out.resolve("db.blob.00000.sql")));
        assertEquals("INSERT INTO t VALUES (1);\n", Files.readString(out.resolve(LONG_NAME), StandardCharsets.UTF_8));
    }

    @Test
    void zstdArchiveOpensWithZstdAndTar() throws Exception {
        Tools.require("tar", "zstd");
        Path archive = pack(Compression.ZSTD, List.of(entry("metadata", "m\n".getBytes()), entry("db.t.00000.sql", "x".repeat(100_000).getBytes())));
        Tools.shellOk(tmp, "zstd -t " + archive);
        String listing = Tools.shellOk(tmp, "zstd -dc " + archive + " | tar t");
        assertEquals(List.of("./", "./metadata", "./db.t.00000.sql"), listing.lines().toList());
    }

    @Test
    void entryNamesThatEscapeTheDirectoryAreRefused() {
        for (String bad : List.of("/etc/passwd", "../x", "a/../../b")) {
            try {
                new ArchiveEntry(bad, new byte[0], 0);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("unsafe"));
            }
        }
    }
}
