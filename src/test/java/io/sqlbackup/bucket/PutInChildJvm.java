package io.sqlbackup.bucket;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a put into a local bucket whose content never ends (as a dump the operator stops), says so
 * once bytes are written, then waits to be stopped (see LocalBucketInterruptTest).
 */
public final class PutInChildJvm {

    private PutInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        InputStream endless = new InputStream() {
            private long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent > 1 << 20) {
                    System.out.println("writing");
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return -1;
                }
                sent += len;
                return len;
            }
        };
        new LocalBucket(Path.of(args[0])).put("mydumper-backup-2026-01-01_000000.tar.gz", endless, Map.of());
    }
}
