package io.sqlbackup.dump;

import io.sqlbackup.archive.ArchiveEntry;
import java.util.Arrays;

/** The bytes of one dump file being written; becomes an {@link ArchiveEntry} when complete. */
final class ChunkBuffer {

    private byte[] bytes;
    private int size;
    private final long expectedMax;

    ChunkBuffer(int initialCapacity) {
        this(initialCapacity, Integer.MAX_VALUE);
    }

    /**
     * @param expectedMax the size this buffer normally stays under: growth stops doubling there,
     *                    so a full chunk does not leave an array twice its size behind
     */
    ChunkBuffer(int initialCapacity, long expectedMax) {
        bytes = new byte[initialCapacity];
        this.expectedMax = expectedMax;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    ChunkBuffer append(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    ChunkBuffer append(byte[] b) {
        return append(b, 0, b.length);
    }

    ChunkBuffer append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    ChunkBuffer append(String text) {
        return append(SqlText.utf8(text));
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            long doubled = (long) bytes.length * 2;
            long wanted = Math.max(doubled > expectedMax ? Math.max(expectedMax, bytes.length + bytes.length / 4) : doubled,
                    (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a single dump file would exceed 2 GiB; lower sqlbackup.dump.chunk-size");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    /** Empties the buffer, keeping its array. */
    void clear() {
        size = 0;
    }

    ArchiveEntry toEntry(String name) {
        return new ArchiveEntry(name, bytes, size);
    }
}
