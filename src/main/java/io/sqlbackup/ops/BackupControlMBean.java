package io.sqlbackup.ops;

/**
 * One backup source over JMX ({@code io.sqlbackup:type=Backup,source=NAME}), for hawtio and
 * Jolokia: its last backup and operations to take one now and to pause or resume its schedule.
 * Times are ISO-8601 UTC, empty when there is none yet.
 */
public interface BackupControlMBean {

    String getSource();

    /** The Quartz cron of the source's schedule. */
    String getSchedule();

    /** Whether this process holds the source's lease and so runs its schedule. */
    boolean isLeader();

    boolean isSchedulePaused();

    /** When the running backup started, or empty. */
    String getRunningSince();

    /** Object name of the last backup stored (empty if it failed or there was none). */
    String getLastBackup();

    String getLastStarted();

    String getLastFinished();

    long getLastSizeBytes();

    double getLastDurationSeconds();

    /** {@code Succeeded} or {@code Failed: reason} of the last backup, whatever its end. */
    String getLastResult();

    /** When the last successful backup finished. */
    String getLastSuccess();

    long getSuccesses();

    long getFailures();

    /** Starts a backup of this source now, in the background; says whether it started. */
    String backupNow();

    /** Scheduled firings of this source are skipped until {@link #resumeSchedule()} (in this process). */
    String pauseSchedule();

    String resumeSchedule();
}
