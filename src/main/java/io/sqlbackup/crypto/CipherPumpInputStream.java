package io.sqlbackup.crypto;

import io.sqlbackup.stream.ReadThroughInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Runs a stream through a cipher as it is read, one 64 KiB buffer at a time on the reader's
 * thread. Subclasses decide what comes before the ciphertext and what a failure at the end means.
 */
abstract class CipherPumpInputStream extends ReadThroughInputStream {

    private final InputStream source;
    private final byte[] in = new byte[64 * 1024];
    private final byte[] out = new byte[in.length + 32];
    private Cipher cipher;
    private int outPos;
    private int outLen;
    private boolean done;
    private long consumed;

    CipherPumpInputStream(InputStream source) {
        this.source = source;
    }

    /** Sets the cipher and bytes to hand out before any ciphertext (e.g. the Salted__ header). */
    final void begin(Cipher cipher, byte[] prefix) {
        this.cipher = cipher;
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        outLen = prefix.length;
    }

    /** How many bytes have been read from the source so far (for messages about truncation). */
    final long consumed() {
        return consumed;
    }

    /** Turns a cipher failure (wrong padding at the end, typically) into what the reader should see. */
    abstract IOException failure(GeneralSecurityException e);

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (done) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    private void fill() throws IOException {
        outPos = 0;
        int n = source.read(in);
        try {
            if (n < 0) {
                outLen = cipher.doFinal(out, 0);
                done = true;
            } else {
                consumed += n;
                outLen = cipher.update(in, 0, n, out, 0);
            }
        } catch (GeneralSecurityException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
