package io.sqlbackup.bucket;

import io.sqlbackup.stream.ReadThroughInputStream;
import com.google.cloud.ReadChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An object's bytes as the client's read channel streams them (it resumes a broken download
 * with a range request at the offset reached). Failures surface as IOExceptions that carry a
 * {@link BucketException}, so stages downstream report what the operator can act on.
 */
final class GcsDownloadStream extends ReadThroughInputStream {

    private final ReadChannel channel;
    private final String name;
    private final GcsErrors errors;
    private long position;

    GcsDownloadStream(ReadChannel channel, String name, GcsErrors errors) {
        this.channel = channel;
        this.name = name;
        this.errors = errors;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        try {
            int n;
            do {
                n = channel.read(buffer);
            } while (n == 0);
            if (n > 0) {
                position += n;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            RuntimeException cause = e instanceof RuntimeException r ? r
                    : e.getCause() instanceof RuntimeException r ? r : new com.google.cloud.storage.StorageException((IOException) e);
            BucketException failure = errors.translate(cause, "reading " + name + " at byte " + position);
            throw new IOException(failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
