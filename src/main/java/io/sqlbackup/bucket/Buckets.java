package io.sqlbackup.bucket;

import io.sqlbackup.config.BackupSource;
import io.sqlbackup.config.BackupSources;
import io.sqlbackup.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bucket of every backup source, opened once. The {@code bucket:} endpoints take the one a
 * {@code SqlBackupSource} header names; without it they use {@code sqlbackup.bucket} itself.
 */
public final class Buckets {

    private final Bucket standard;
    private final BackupSources sources;
    private final Map<String, Bucket> bySource = new LinkedHashMap<>();

    public Buckets(Settings settings, BackupSources sources, Bucket standard) {
        this.standard = standard;
        this.sources = sources;
        String standardLocation = settings.get(BucketLocation.KEY);
        for (BackupSource source : sources.all()) {
            bySource.put(source.name(), source.bucket().equals(standardLocation) ? standard
                    : BucketLocation.open(settings.with(Map.of(BucketLocation.KEY, source.bucket()))));
        }
    }

    /** {@code sqlbackup.bucket}: the one source's bucket in the one-source shorthand. */
    public Bucket standard() {
        return standard;
    }

    /** The bucket of the named source; null or blank means {@link #standard()}. */
    public Bucket forSource(String name) {
        if (name == null || name.isBlank()) {
            return standard;
        }
        return bySource.get(sources.select(name).name());
    }

    /** Checks every source's bucket can take a new object, before the service starts. */
    public void checkWritable() {
        bySource.values().forEach(Bucket::checkWritable);
    }

    @Override
    public String toString() {
        return "Buckets" + bySource.keySet();
    }
}
