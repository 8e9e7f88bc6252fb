package io.sqlbackup.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ONE standard gzip member (what {@code gzip -d}, {@code pigz -d} and {@code tar xz} read)
 * while deflating on every core, the way pigz does: the input is cut into blocks, each block is
 * deflated on its own by a worker, primed with the last 32 KiB of the block before as preset
 * dictionary (so matches reaching back across a block border are not lost and the ratio stays
 * within a fraction of a percent of one-stream gzip), and ended with a sync flush, which leaves the
 * output byte-aligned without ending the deflate stream; the last block ends it. Concatenated in
 * order, the blocks are one valid deflate stream. The CRC-32 and length of the trailer are taken
 * over the uncompressed bytes on the writing thread.
 *
 * <p>Memory is bounded: at most {@code 2 x threads} blocks are in flight; a write that would put
 * one more in flight waits for the oldest one and writes it out. Workers only deflate; all output
 * is written by the thread that writes into this stream, so in the pull model of
 * {@link io.sqlbackup.stream.PumpedInputStream} it surfaces on the reading thread, with failures.
 * {@link #close()} finishes the member; {@link #abort()} gives up without it. Either way the
 * workers are stopped.
 */
final class ParallelGzipOutputStream extends OutputStream {

    /** pigz's default block size: small enough to keep every core busy, big enough that the dictionary restarts cost little. */
    static final int BLOCK_SIZE = 128 * 1024;
    /** Deflate's window: the most a match can reach back, hence all of the previous block that can help. */
    private static final int DICTIONARY_SIZE = 32 * 1024;
    private static final String THREAD_PREFIX = "sqlbackup-gzip-";
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** What a worker does with one block; the real one deflates, tests substitute failures. */
    interface BlockCompressor {
        Compressed compress(Block block, Deflater deflater) throws IOException;
    }

    /** One block of input: its bytes, the block before (whose tail is the dictionary), and whether it ends the member. */
    record Block(long index, byte[] data, int length, byte[] previous, int previousLength, boolean last) {
    }

    /** The deflated bytes of one block. */
    record Compressed(byte[] data, int length) {
    }

    private final OutputStream out;
    private final int level;
    private final int threads;
    private final int maxInFlight;
    private final BlockCompressor compressor;
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<Future<Compressed>> inFlight = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Deflater> idleDeflaters = new ConcurrentLinkedQueue<>();
    private final List<Deflater> allDeflaters = new ArrayList<>();
    private ExecutorService workers;
    private byte[] block = new byte[BLOCK_SIZE];
    private int blockLength;
    private byte[] previous;
    private int previousLength;
    private long blocks;
    private long totalIn;
    private boolean headerWritten;
    private boolean finished;
    private boolean stopped;
    private IOException failure;

    ParallelGzipOutputStream(OutputStream out, int level, int threads) {
        this(out, level, threads, ParallelGzipOutputStream::deflate);
    }

    ParallelGzipOutputStream(OutputStream out, int level, int threads, BlockCompressor compressor) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level " + level + " is outside 1..9");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.out = out;
        this.level = level;
        this.threads = threads;
        this.maxInFlight = 2 * threads;
        this.compressor = compressor;
    }

    /** The names of worker threads start with this, so a test can see that none outlive their stream. */
    static String threadPrefix() {
        return THREAD_PREFIX;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        crc.update(b, off, len);
        totalIn += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == BLOCK_SIZE) {
                // Sent at once; should the input end here, the last block is empty and only
                // carries the end of the deflate stream.
                submit(false);
            }
        }
    }

    /** Ends the member: the last block, every block still in flight, the trailer. Leaves {@code out} open. */
    void finish() throws IOException {
        checkOpen();
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeTrailer();
            finished = true;
        } finally {
            stopWorkers();
        }
    }

    @Override
    public void close() throws IOException {
        if (!finished && !stopped) {
            finish();
        }
        stopWorkers();
    }

    /** Gives up: drops what is in flight and stops the workers, writing nothing more. */
    void abort() {
        stopWorkers();
    }

    private void checkOpen() throws IOException {
        if (failure != null) {
            throw new IOException("the gzip stream failed earlier: " + failure.getMessage(), failure);
        }
        if (finished || stopped) {
            throw new IOException("the gzip stream is already " + (finished ? "finished" : "closed"));
        }
    }

    private void submit(boolean last) throws IOException {
        if (!headerWritten) {
            writeHeader();
        }
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
        Block job = new Block(blocks++, block, blockLength, previous, previousLength, last);
        inFlight.add(workers().submit(() -> runOnWorker(job)));
        // The submitted buffer now belongs to the worker (and, as dictionary, to the next one):
        // the next block gets a fresh buffer rather than a recycled one.
        previous = block;
        previousLength = blockLength;
        block = last ? null : new byte[BLOCK_SIZE];
        blockLength = 0;
        writeDone();
    }

    private Compressed runOnWorker(Block job) throws IOException {
        Deflater deflater = idleDeflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
            synchronized (allDeflaters) {
                allDeflaters.add(deflater);
            }
        }
        try {
            return compressor.compress(job, deflater);
        } finally {
            idleDeflaters.add(deflater);
        }
    }

    /** Writes out, in order, the blocks at the head of the line that are already done, without waiting. */
    private void writeDone() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<Compressed> oldest = inFlight.poll();
        Compressed result;
        try {
            result = oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while waiting for a gzip worker");
            stopWorkers();
            throw failure;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failure = new IOException("gzip compression failed in a worker thread: " + cause, cause);
            stopWorkers();
            throw failure;
        }
        out.write(result.data(), 0, result.length());
    }

    private ExecutorService workers() {
        if (workers == null) {
            int pool = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = runnable -> {
                Thread t = new Thread(runnable, THREAD_PREFIX + pool + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            workers = Executors.newFixedThreadPool(threads, factory);
        }
        return workers;
    }

    private void stopWorkers() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (Future<Compressed> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        block = null;
        previous = null;
        if (workers == null) {
            return;
        }
        workers.shutdownNow();
        boolean terminated;
        try {
            // A block takes milliseconds to deflate and deflate cannot be interrupted: wait for
            // the running ones so no Deflater is freed under a worker.
            terminated = workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated = false;
        }
        if (terminated) {
            synchronized (allDeflaters) {
                allDeflaters.forEach(Deflater::end);
                allDeflaters.clear();
            }
            idleDeflaters.clear();
        }
    }

    private void writeHeader() throws IOException {
        headerWritten = true;
        // ID1 ID2, CM=deflate, no flags, no mtime, XFL as gzip sets it for its fastest/best levels, OS=Unix.
        int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, 3});
    }

    private void writeTrailer() throws IOException {
        byte[] trailer = new byte[8];
        putIntLe(trailer, 0, crc.getValue());
        putIntLe(trailer, 4, totalIn);
        out.write(trailer);
    }

    private static void putIntLe(byte[] b, int off, long value) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Deflates one block as pigz does: dictionary from the block before, sync flush, or finish for the last. */
    static Compressed deflate(Block job, Deflater deflater) {
        deflater.reset();
        if (job.previous() != null) {
            int dictionary = Math.min(DICTIONARY_SIZE, job.previousLength());
            deflater.setDictionary(job.previous(), job.previousLength() - dictionary, dictionary);
        }
        deflater.setInput(job.data(), 0, job.length());
        byte[] buffer = new byte[job.length() + job.length() / 8 + 64];
        int length = 0;
        if (job.last()) {
            deflater.finish();
            while (!deflater.finished()) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                length += deflater.deflate(buffer, length, buffer.length - length, Deflater.NO_FLUSH);
            }
        } else {
            while (true) {
                int room = buffer.length - length;
                int n = deflater.deflate(buffer, length, room, Deflater.SYNC_FLUSH);
                length += n;
                if (n < room) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        return new Compressed(buffer, length);
    }
}
