package io.sqlbackup.bucket;

import io.sqlbackup.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object's bytes as they are downloaded, checked at the end against the SHA-256 recorded when
 * it was written: damage in the bucket or on the way fails the reader at the end of the object
 * instead of passing unnoticed. Readers must read to the end for the check to run.
 */
final class ObjectDigestStream extends DigestingInputStream {

    private final String name;
    private final String expected;

    ObjectDigestStream(InputStream in, String name, String expectedSha256) {
        super(in);
        this.name = name;
        this.expected = expectedSha256;
    }

    @Override
    protected void ended() throws IOException {
        String actual = sha256();
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException(new ObjectDamagedException("the object " + name + " is damaged: its " + count()
                    + " bytes have SHA-256 " + actual + " but " + expected + " was recorded when it was written;"
                    + " use another backup"));
        }
    }
}
