package io.sqlbackup.bucket;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.nio.file.Path;

/** Opens the bucket {@code sqlbackup.bucket} names: {@code file:/PATH} (or {@code file:RELATIVE}) for a local directory. */
public final class BucketLocation {

    public static final String KEY = "sqlbackup.bucket";

    private BucketLocation() {
    }

    public static Bucket open(Settings settings) {
        String location = settings.get(KEY);
        if (location == null) {
            throw new ConfigurationException("no bucket configured: set " + KEY + " to file:/PATH", KEY);
        }
        if (location.startsWith("file:")) {
            return new LocalBucket(localPath(location));
        }
        throw new ConfigurationException(KEY + " = '" + location + "' is not a bucket this version can use: use file:/PATH", KEY);
    }

    private static Path localPath(String location) {
        String path = location.substring("file:".length());
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        if (path.isEmpty()) {
            throw new ConfigurationException(KEY + " = file: needs a directory, e.g. file:/var/backups/sqlbackup", KEY);
        }
        return Path.of(path);
    }
}
