package io.sqlbackup.bucket;

import io.sqlbackup.config.ConfigurationException;
import java.nio.file.Path;

/** Parses {@code sqlbackup.bucket}: {@code file:/PATH} (or {@code file:RELATIVE}) for a local directory. */
public final class BucketLocation {

    private BucketLocation() {
    }

    public static Bucket open(String location) {
        if (location == null || location.isBlank()) {
            throw new ConfigurationException("no bucket configured: set sqlbackup.bucket to file:/PATH", "sqlbackup.bucket");
        }
        String l = location.trim();
        if (l.startsWith("file:")) {
            String path = l.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isEmpty()) {
                throw new ConfigurationException("sqlbackup.bucket = file: needs a directory, e.g. file:/var/backups/sqlbackup",
                        "sqlbackup.bucket");
            }
            return new LocalBucket(Path.of(path));
        }
        throw new ConfigurationException("sqlbackup.bucket = '" + l + "' is not a bucket this version can write: use file:/PATH",
                "sqlbackup.bucket");
    }
}
