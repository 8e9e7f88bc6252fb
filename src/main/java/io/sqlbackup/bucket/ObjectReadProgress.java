package io.sqlbackup.bucket;

import io.sqlbackup.config.ByteSize;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the reader of an object has come: bytes handed on of the object's size. A caller that
 * watches a long read (extract, verify, a restore's verify pass) puts one in the
 * {@link io.sqlbackup.BackupHeaders#READ_PROGRESS} header and {@code bucket:get} counts into it.
 * The compressed, encrypted bytes read against the stored size is an honest measure of the whole
 * read, as every later stage only transforms what this one hands on.
 */
public final class ObjectReadProgress {

    private final AtomicLong bytes = new AtomicLong();
    private volatile long size = -1;
    private volatile String objectName;
    private volatile long startedNanos;

    /** Starts counting a new read of {@code name} ({@code size} bytes, or -1 when unknown). */
    public InputStream watch(String name, long size, InputStream content) {
        bytes.set(0);
        this.size = size;
        this.startedNanos = System.nanoTime();
        this.objectName = name;
        return new FilterInputStream(content) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                bytes.addAndGet(Math.max(0, skipped));
                return skipped;
            }
        };
    }

    /** The object being read; null until the read started. */
    public String objectName() {
        return objectName;
    }

    /** Bytes of the object read so far. */
    public long bytes() {
        return bytes.get();
    }

    /** The object's size in bytes; -1 when unknown or before the read started. */
    public long size() {
        return size;
    }

    /** {@link System#nanoTime()} when the read started; 0 before. */
    public long startedNanos() {
        return startedNanos;
    }

    @Override
    public String toString() {
        return ByteSize.describe(bytes()) + (size >= 0 ? " of " + ByteSize.describe(size) : "") + " read";
    }
}
