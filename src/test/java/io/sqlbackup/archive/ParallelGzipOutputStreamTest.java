package io.sqlbackup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel gzip writes one gzip member that gzip, pigz, tar and the JDK read back to the same
 * bytes, about as small as one-stream gzip, in bounded memory, and never leaves a thread behind.
 */
class ParallelGzipOutputStreamTest {

    @TempDir
    Path tmp;

    @AfterEach
    void noWorkerOutlivesItsStream() throws InterruptedException {
        assertEquals(List.of(), WorkerThreads.awaitNone(), "gzip worker threads still alive");
    }

    private static byte[] compress(byte[] data, int level, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads)) {
            for (int off = 0; off < data.length; off += writeSize) {
                gzip.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] jdkGzip(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void gzipPigzAndTheJdkReadOneMemberBackToTheSameBytes() throws Exception {
        Tools.require("gzip", "pigz", "cmp");
        byte[] data = SampleDump.sql(20_000_000, 7);
        Path plain = Files.write(tmp.resolve("plain.sql"), data);
        Path gz = Files.write(tmp.resolve("plain.sql.gz"), compress(data, 6, 3, 1_000_000));
        Tools.shellOk(tmp, "gzip -t " + gz);
        Tools.shellOk(tmp, "gzip -dc " + gz + " | cmp - " + plain);
        Tools.shellOk(tmp, "pigz -dc " + gz + " | cmp - " + plain);
        // gzip -l reads the trailer: one member whose length is the input's.
        String list = Tools.shellOk(tmp, "gzip -lq " + gz);
        assertTrue(list.trim().split("\\s+")[1].equals(String.valueOf(data.length)), list);
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void awkwardWriteSizesAndLengthsRoundTrip() throws Exception {
        Tools.require("gzip");
        int block = ParallelGzipOutputStream.BLOCK_SIZE;
        byte[] text = SampleDump.sql(3 * block + 5, 8);
        int[][] cases = {{0, 1}, {1, 1}, {block, block}, {block + 1, 1 << 20}, {2 * block, 7}, {3 * block + 5, block - 1}, {100_000, 3}};
        for (int[] c : cases) {
            byte[] data = java.util.Arrays.copyOf(text, c[0]);
            for (int threads : new int[] {1, 2, 5}) {
                Path gz = Files.write(tmp.resolve("case.gz"), compress(data, 4, threads, c[1]));
                Path expected = Files.write(tmp.resolve("case"), data);
                Tools.shellOk(tmp, "gzip -t " + gz + " && gzip -dc " + gz + " | cmp - " + expected);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 9, 2)) {
            for (byte b : text) {
                gzip.write(b);
            }
        }
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertArrayEquals(text, in.readAllBytes());
        }
    }

    @Test
    void sizeStaysWithinOnePercentOfSingleStreamGzip() throws Exception {
        byte[] data = SampleDump.sql(16_000_000, 9);
        StringBuilder report = new StringBuilder();
        for (int level : new int[] {1, 4, 6, 9}) {
            long parallel = compress(data, level, 2, 256 * 1024).length;
            long jdk = jdkGzip(data, level).length;
            report.append(String.format("level %d: parallel %d, JDK GZIPOutputStream %d (%+.2f%%)%n", level, parallel, jdk,
                    100.0 * (parallel - jdk) / jdk));
            assertTrue(parallel <= jdk * 1.01, report.toString());
        }
        System.out.print("gzip size on " + data.length + " bytes of INSERT text:\n" + report);
    }

    @Test
    void aFailingWorkerSurfacesOnTheWritingThreadAndStopsTheOthers() throws Exception {
        ParallelGzipOutputStream.BlockCompressor failsOnFourth = (block, deflater) -> {
            if (block.index() == 3) {
                throw new IOException("deflate exploded");
            }
            return ParallelGzipOutputStream.deflate(block, deflater);
        };
        byte[] data = SampleDump.sql(4_000_000, 10);
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 2, failsOnFourth);
        IOException failure = assertThrows(IOException.class, () -> {
            for (int off = 0; off < data.length; off += 65536) {
                gzip.write(data, off, Math.min(65536, data.length - off));
            }
            gzip.close();
        });
        assertTrue(failure.getMessage().contains("deflate exploded"), failure.getMessage());
        IOException again = assertThrows(IOException.class, () -> gzip.write(new byte[10], 0, 10));
        assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
        gzip.close(); // after a failure: releases, throws nothing more
    }

    @Test
    void theWriterWaitsWhenTwiceTheThreadsBlocksAreInFlight() throws Exception {
        int threads = 2;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        ParallelGzipOutputStream.BlockCompressor held = (block, deflater) -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            return ParallelGzipOutputStream.deflate(block, deflater);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 4, threads, held);
        int block = ParallelGzipOutputStream.BLOCK_SIZE;
        byte[] data = SampleDump.sql(40 * block, 11);
        AtomicInteger blocksAccepted = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int off = 0; off < data.length; off += block) {
                    gzip.write(data, off, block);
                    blocksAccepted.incrementAndGet();
                }
                gzip.close();
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "test-gzip-writer");
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(started.get() == threads && writer.getState() == Thread.State.WAITING) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, writer.getState(), "the writer should wait for the workers");
        // 2 x threads blocks in flight (the workers hold `threads`, the queue the rest); the next
        // write filled its block and waits for the oldest one.
        assertEquals(2 * threads, blocksAccepted.get());
        assertEquals(10, out.size(), "only the gzip header is out before the first block is done");
        release.countDown();
        writer.join(60_000);
        assertEquals(null, writerFailure.get());
        assertEquals(40, blocksAccepted.get());
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void abortStopsTheWorkersWithoutWritingTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 6, 3);
        byte[] data = SampleDump.sql(3_000_000, 12);
        gzip.write(data);
        assertTrue(!WorkerThreads.alive().isEmpty(), "workers run while blocks are in flight");
        gzip.abort();
        assertEquals(List.of(), WorkerThreads.awaitNone());
        assertThrows(IOException.class, () -> gzip.write(data, 0, 10));
    }

    @Test
    void levelAndThreadsAreChecked() {
        OutputStream sink = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> new ParallelGzipOutputStream(sink, 6, 0));
    }
}
