package io.sqlbackup.bucket;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.nio.file.Path;

/**
 * Opens the bucket {@code sqlbackup.bucket} names: {@code gs://BUCKET/PREFIX} for Google Cloud
 * Storage, {@code file:/PATH} (or {@code file:RELATIVE}) for a local directory.
 */
public final class BucketLocation {

    public static final String KEY = "sqlbackup.bucket";

    private BucketLocation() {
    }

    public static Bucket open(Settings settings) {
        String location = settings.get(KEY);
        if (location == null) {
            throw new ConfigurationException("no bucket configured: set " + KEY + " to gs://BUCKET/PREFIX or file:/PATH", KEY);
        }
        if (location.startsWith("file:")) {
            return new LocalBucket(localPath(location));
        }
        if (location.regionMatches(true, 0, "gs:", 0, 3)) {
            if (!location.startsWith("gs://")) {
                throw new ConfigurationException(KEY + " = '" + location + "' is not a GCS location: write it as"
                        + " gs://BUCKET/PREFIX (lower-case scheme, two slashes)", KEY);
            }
            return GcsBucket.open(settings);
        }
        throw new ConfigurationException(KEY + " = '" + location + "' is not a bucket this version can use: use"
                + " gs://BUCKET/PREFIX or file:/PATH", KEY);
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
