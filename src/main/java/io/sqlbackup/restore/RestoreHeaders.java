package io.sqlbackup.restore;

/** Exchange headers the restore stages hand to each other. */
public final class RestoreHeaders {

    /** The {@link RestoreCommand} being carried out. */
    public static final String COMMAND = "SqlBackupRestoreCommand";
    /** The {@link RestoreReport} every stage adds its steps to. */
    public static final String REPORT = "SqlBackupRestoreReport";
    /** Which server a stage works on: {@code primary} or {@code replica} (a configuration role). */
    public static final String TARGET = "SqlBackupRestoreTarget";
    /**
     * {@link io.sqlbackup.replication.BinlogCoordinates} of the primary right after {@code RESET MASTER}:
     * where the replica starts reading.
     */
    public static final String PRIMARY_COORDINATES = "SqlBackupPrimaryCoordinates";
    /**
     * {@link io.sqlbackup.replication.BinlogCoordinates} the replica is pointed at: the primary's after
     * a restore of both, or the archive's replica coordinates when only the replica was restored.
     */
    public static final String RESYNC_COORDINATES = "SqlBackupResyncCoordinates";
    /** {@code List<io.sqlbackup.load.TableName>}: the base tables loaded, compared between primary and replica. */
    public static final String RESTORED_TABLES = "SqlBackupRestoredTables";
    /** The {@link RestoreRun} being carried out: stages set its stage and progress. */
    public static final String RUN = "SqlBackupRestoreRun";
    /** The {@link io.sqlbackup.load.ArchiveIndex} the verify pass built: held files, tables, manifest. */
    public static final String ARCHIVE_INDEX = "SqlBackupArchiveIndex";

    private RestoreHeaders() {
    }
}
