package io.sqlbackup.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Base of our streams that do their work in {@link #read(byte[], int, int)} (count, digest,
 * decrypt, guard): the single-byte read and {@link #skip(long)} go through it, so no byte passes
 * without that work (InputStream's own skip may bypass a subclass's read).
 */
public abstract class ReadThroughInputStream extends InputStream {

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
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

    @Override
    public boolean markSupported() {
        return false;
    }
}
