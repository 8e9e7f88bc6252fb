package io.sqlbackup.ops;

import java.time.Duration;
import java.time.Instant;

/**
 * What one source's backups did lately: the one running, the last one (whatever its end), the
 * last successful one, and counts. Read by JMX, metrics and health; written by {@link BackupTracker}.
 */
public final class SourceBackups {

    /**
     * One finished backup. {@code objectName} and {@code sizeBytes} are known only when it was stored;
     * {@code started} is null for a backup found in the bucket at start (taken before this process ran).
     */
    public record Outcome(Instant started, Instant finished, String objectName, long sizeBytes, boolean succeeded,
                          String message) {
        /** How long it took, or null when not known. */
        public Duration duration() {
            return started == null ? null : Duration.between(started, finished);
        }
    }

    private final String source;
    private Instant runningSince;
    private Outcome last;
    private Outcome lastSuccess;
    private long successes;
    private long failures;
    /** Seconds the source replica was behind at the last dump; -1 when it is not a replica, NaN before any. */
    private double replicaLagSeconds = Double.NaN;
    private boolean schedulePaused;

    SourceBackups(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Marks a backup started; false when one of this source is already running in this process. */
    synchronized boolean begin(Instant now) {
        if (runningSince != null) {
            return false;
        }
        runningSince = now;
        return true;
    }

    synchronized void replicaLag(Double seconds) {
        replicaLagSeconds = seconds == null ? -1 : seconds;
    }

    /** The newest backup already in the bucket, so a restarted service reports when the last one was taken. */
    synchronized void found(Outcome existing) {
        if (lastSuccess == null) {
            lastSuccess = existing;
        }
        if (last == null) {
            last = existing;
        }
    }

    synchronized void end(Outcome outcome) {
        runningSince = null;
        last = outcome;
        if (outcome.succeeded()) {
            lastSuccess = outcome;
            successes++;
        } else {
            failures++;
        }
    }

    public synchronized Instant runningSince() {
        return runningSince;
    }

    public synchronized Outcome last() {
        return last;
    }

    public synchronized Outcome lastSuccess() {
        return lastSuccess;
    }

    public synchronized long successes() {
        return successes;
    }

    public synchronized long failures() {
        return failures;
    }

    public synchronized double replicaLagSeconds() {
        return replicaLagSeconds;
    }

    public synchronized boolean schedulePaused() {
        return schedulePaused;
    }

    synchronized void schedulePaused(boolean paused) {
        schedulePaused = paused;
    }
}
