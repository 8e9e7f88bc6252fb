package io.sqlbackup.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes that come out of the decompressor and fails as soon as they would pass the
 * ceiling, so a decompression bomb costs at most the ceiling, never what it expands to. No read
 * hands out a byte past the ceiling: it asks for at most one byte more than what is left, and
 * seeing that byte is the failure.
 */
final class UnpackedSizeGuard extends FilterInputStream {

    /** The unpacked bytes passed the ceiling. */
    static final class CeilingExceeded extends IOException {
        final long ceiling;

        CeilingExceeded(long ceiling) {
            super("more than " + ceiling + " unpacked bytes");
            this.ceiling = ceiling;
        }
    }

    private final long ceiling;
    private long count;

    UnpackedSizeGuard(InputStream in, long ceiling) {
        super(in);
        this.ceiling = ceiling;
    }

    /** Unpacked bytes handed out so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
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

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void counted(int n) throws CeilingExceeded {
        if (count + n > ceiling) {
            count = ceiling;
            throw new CeilingExceeded(ceiling);
        }
        count += n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
