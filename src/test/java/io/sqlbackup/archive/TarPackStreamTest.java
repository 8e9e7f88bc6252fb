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
import java.util.concurrent.atomic.AtomicReference;
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
    void parallelGzipArchiveOpensWithPigzAndTar() throws Exception {
        Tools.require("tar", "gzip", "pigz");
        byte[] text = SampleDump.sql(6_000_000, 21);
        Path archive = tmp.resolve("parallel.tar.gz");
        try (InputStream in = new TarPackStream(entries(List.of(entry("metadata", "m\n".getBytes()), entry("db.t.00000.sql", text))),
                Compression.GZIP, 6, 2, Instant.parse("2026-01-02T03:04:05Z"))) {
            Files.copy(in, archive);
        }
        Tools.shellOk(tmp, "gzip -t " + archive + " && pigz -t " + archive);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Tools.shellOk(tmp, "pigz -dc " + archive + " | tar x -C " + out);
        assertArrayEquals(text, Files.readAllBytes(out.resolve("db.t.00000.sql")));
    }

    @Test
    void closingBeforeTheEndStopsTheGzipWorkers() throws Exception {
        byte[] text = SampleDump.sql(8_000_000, 22);
        InputStream in = new TarPackStream(entries(List.of(entry("db.t.00000.sql", text), entry("db.u.00000.sql", text))),
                Compression.GZIP, 6, 3, Instant.now());
        in.readNBytes(100_000);
        assertTrue(!WorkerThreads.alive().isEmpty(), "workers run while the archive is being read");
        in.close();
        assertEquals(List.of(), WorkerThreads.awaitNone());
    }

    @Test
    void aCompletedPackLeavesNoGzipWorkers() throws Exception {
        try (InputStream in = new TarPackStream(entries(List.of(entry("db.t.00000.sql", SampleDump.sql(2_000_000, 23)))),
                Compression.GZIP, 4, 2, Instant.now())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            assertEquals(List.of(), WorkerThreads.awaitNone(), "workers stop when the member is finished");
        }
    }

    /**
     * zstd-jni's setWorkers really runs zstd's multi-threaded compressor here: native worker threads
     * (they inherit the name of the thread that creates them) appear, do work, and go away on close;
     * and the CLI reads the frames they write.
     */
    @Test
    void zstdCompressesOnNativeWorkerThreadsThatTheCliReads() throws Exception {
        Tools.require("tar", "zstd");
        byte[] text = SampleDump.sql(48_000_000, 24);
        Path archive = tmp.resolve("mt.tar.zst");
        String name = "zstdmt-probe";
        AtomicReference<List<Long>> duringCpu = new AtomicReference<>();
        AtomicReference<Integer> afterClose = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread packer = new Thread(() -> {
            try (InputStream in = new TarPackStream(entries(List.of(entry("db.t.00000.sql", text))), Compression.ZSTD, 3, 2,
                    Instant.now()); java.io.OutputStream out = Files.newOutputStream(archive)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    if (duringCpu.get() == null && in.available() == 0) {
                        // Sampled on the way, once the compressor has had a few jobs.
                        List<Long> cpu = NativeThreads.cpuTicksOfThreadsNamed(name);
                        if (cpu.size() >= 3 && cpu.stream().filter(t -> t > 0).count() >= 2) {
                            duringCpu.set(cpu);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
            try {
                afterClose.set(NativeThreads.cpuTicksOfThreadsNamed(name).size());
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        packer.start();
        packer.join(120_000);
        assertEquals(null, failure.get());
        assertTrue(duringCpu.get() != null, "no zstd worker thread with CPU time was seen beside the packing thread");
        assertEquals(1, afterClose.get(), "zstd's workers outlived the stream");
        Tools.shellOk(tmp, "zstd -t " + archive);
        Path out = Files.createDirectories(tmp.resolve("zout"));
        Tools.shellOk(tmp, "zstd -dc " + archive + " | tar x -C " + out);
        assertArrayEquals(text, Files.readAllBytes(out.resolve("db.t.00000.sql")));
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
