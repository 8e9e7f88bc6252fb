package io.sqlbackup;

/** Exchange headers the backup and restore stages hand to each other. */
public final class BackupHeaders {

    /**
     * Name of the backup source an exchange is about ({@code sqlbackup.sources.NAME}, or {@code default});
     * picks the server {@code mariadb-dump:} reads and the bucket {@code bucket:} uses. Absent: the
     * endpoint's own server, and {@code sqlbackup.bucket}.
     */
    public static final String SOURCE = "SqlBackupSource";
    /** {@link java.time.Instant} the dump's snapshot was taken; names the archive. */
    public static final String STARTED = "SqlBackupStarted";
    /**
     * {@link io.sqlbackup.dump.DumpProgress} of the running dump: tables, rows, bytes so far. A caller
     * that wants to watch a backup while it runs may set a fresh one before the dump; the dump
     * fills in that one instead of its own.
     */
    public static final String DUMP_PROGRESS = "SqlBackupDumpProgress";
    /**
     * {@link io.sqlbackup.bucket.ObjectReadProgress} a caller sets to watch a long read: {@code bucket:get}
     * counts the object's bytes into it as they are read.
     */
    public static final String READ_PROGRESS = "SqlBackupReadProgress";
    /** Object name of the archive in the bucket, e.g. {@code mydumper-backup-2026-11-24_020000.tar.gz}. */
    public static final String OBJECT_NAME = "SqlBackupObjectName";
    /** Size in bytes of the stored object. */
    public static final String OBJECT_SIZE = "SqlBackupObjectSize";
    /** Hex SHA-256 of the stored object's bytes, computed while it was written. */
    public static final String OBJECT_SHA256 = "SqlBackupObjectSha256";
    /** Where the stored object lives (a path or a gs:// URL), for operators. */
    public static final String OBJECT_LOCATION = "SqlBackupObjectLocation";

    /** How many seconds the source replica was behind its primary when the dump started (absent for a primary). */
    public static final String REPLICA_LAG_SECONDS = "SqlBackupReplicaLagSeconds";

    /** Directory {@code sqlbackup extract} unpacks into ({@link java.nio.file.Path} or String). */
    public static final String EXTRACT_DIRECTORY = "SqlBackupExtractDirectory";

    private BackupHeaders() {
    }
}
