package io.sqlbackup.bucket;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The backups among a bucket's objects (by name), oldest first; foreign objects are left out. */
public final class BackupCatalog {

    /** What the command line and restore commands accept instead of an object name. */
    public static final String LATEST = "latest";

    private final List<StoredObject> backups;
    private final String bucket;

    public BackupCatalog(List<StoredObject> objects, String bucket) {
        this.backups = objects.stream()
                .filter(o -> BackupObjectName.isBackup(o.name()))
                .sorted(Comparator.comparing(BackupCatalog::snapshot).thenComparing(StoredObject::name))
                .toList();
        this.bucket = bucket;
    }

    public static BackupCatalog of(Bucket bucket) {
        return new BackupCatalog(bucket.list(), bucket.describe());
    }

    public static Instant snapshot(StoredObject backup) {
        return BackupObjectName.snapshotOf(backup.name()).orElseThrow();
    }

    public List<StoredObject> backups() {
        return backups;
    }

    public StoredObject latest() {
        if (backups.isEmpty()) {
            throw new BucketException("there are no backups in " + bucket
                    + " (objects named mydumper-backup-YYYY-MM-DD_HHMMSS.tar.gz): check sqlbackup.bucket", null);
        }
        return backups.get(backups.size() - 1);
    }

    /** An object name as given, or the newest backup's name for {@value #LATEST}. */
    public static String resolve(String nameOrLatest, Bucket bucket) {
        return LATEST.equals(nameOrLatest) ? of(bucket).latest().name() : nameOrLatest;
    }

    /**
     * The object a command names (or the newest backup), looked up now: a mistyped name is refused
     * before any server is touched rather than after the targets were checked and locked.
     */
    public static StoredObject find(String nameOrLatest, Bucket bucket) {
        return LATEST.equals(nameOrLatest) ? of(bucket).latest() : bucket.stat(nameOrLatest);
    }
}
