package io.sqlbackup.archive;

import io.sqlbackup.stream.ReadThroughInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes that come out of the decompressor and fails as soon as they would pass the
 * ceiling, so a decompression bomb costs at most the ceiling, never what it expands to. No read
 * hands out a byte past the ceiling: it asks for at most one byte more than what is left, and
 * seeing that byte is the failure.
 */
final class UnpackedSizeGuard extends ReadThroughInputStream {

    /** The unpacked bytes passed the ceiling. */
    static final class CeilingExceeded extends IOException {
        final long ceiling;

        CeilingExceeded(long ceiling) {
            super("more than " + ceiling + " unpacked bytes");
            this.ceiling = ceiling;
        }
    }

    private final InputStream in;
    private final long ceiling;
    private long count;

    UnpackedSizeGuard(InputStream in, long ceiling) {
        this.in = in;
        this.ceiling = ceiling;
    }

    /** Unpacked bytes handed out so far. */
    long count() {
        return count;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long left = ceiling - count;
        int n = in.read(b, off, left >= len ? len : (int) left + 1);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws CeilingExceeded {
        if (count + n > ceiling) {
            count = ceiling;
            throw new CeilingExceeded(ceiling);
        }
        count += n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
