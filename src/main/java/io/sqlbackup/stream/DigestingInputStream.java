package io.sqlbackup.stream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a stream through while taking its SHA-256 and counting its bytes; {@link #ended()} runs
 * once when the end is reached (subclasses compare the digest there).
 */
public class DigestingInputStream extends ReadThroughInputStream {

    private final InputStream in;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private String hex;
    private boolean ended;

    public DigestingInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        } else if (n < 0 && !ended) {
            ended = true;
            ended();
        }
        return n;
    }

    /** Called once, at the end of the stream. */
    protected void ended() throws IOException {
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** The hex SHA-256 of what was read; completes the digest, so call it once the stream is done. */
    public String sha256() {
        if (hex == null) {
            hex = Sha256.hex(digest);
        }
        return hex;
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
