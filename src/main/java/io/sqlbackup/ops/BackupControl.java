package io.sqlbackup.ops;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BackupControlMBean} over one source's {@link SourceBackups}. */
public final class BackupControl implements BackupControlMBean {

    private static final Logger LOG = LoggerFactory.getLogger(BackupControl.class);

    private final SourceBackups state;
    private final String schedule;
    private final Predicate<String> leader;
    private final Function<String, String> backupNow;

    /**
     * @param leader    whether this process leads a source's schedule
     * @param backupNow starts a backup of a source in the background and says what happened
     */
    public BackupControl(SourceBackups state, String schedule, Predicate<String> leader, Function<String, String> backupNow) {
        this.state = state;
        this.schedule = schedule;
        this.leader = leader;
        this.backupNow = backupNow;
    }

    public static String objectName(String source) {
        return "io.sqlbackup:type=Backup,source=" + source;
    }

    @Override
    public String getSource() {
        return state.source();
    }

    @Override
    public String getSchedule() {
        return schedule;
    }

    @Override
    public boolean isLeader() {
        return leader.test(state.source());
    }

    @Override
    public boolean isSchedulePaused() {
        return state.schedulePaused();
    }

    @Override
    public String getRunningSince() {
        return text(state.runningSince());
    }

    @Override
    public String getLastBackup() {
        SourceBackups.Outcome last = state.last();
        return last == null || last.objectName() == null ? "" : last.objectName();
    }

    @Override
    public String getLastStarted() {
        SourceBackups.Outcome last = state.last();
        return last == null ? "" : text(last.started());
    }

    @Override
    public String getLastFinished() {
        SourceBackups.Outcome last = state.last();
        return last == null ? "" : text(last.finished());
    }

    @Override
    public long getLastSizeBytes() {
        SourceBackups.Outcome last = state.last();
        return last == null ? 0 : last.sizeBytes();
    }

    @Override
    public double getLastDurationSeconds() {
        SourceBackups.Outcome last = state.last();
        return last == null || last.duration() == null ? Double.NaN : last.duration().toMillis() / 1000.0;
    }

    @Override
    public String getLastResult() {
        SourceBackups.Outcome last = state.last();
        return last == null ? "" : last.succeeded() ? "Succeeded" : "Failed: " + last.message();
    }

    @Override
    public String getLastSuccess() {
        SourceBackups.Outcome success = state.lastSuccess();
        return success == null ? "" : text(success.finished());
    }

    @Override
    public long getSuccesses() {
        return state.successes();
    }

    @Override
    public long getFailures() {
        return state.failures();
    }

    @Override
    public String backupNow() {
        return backupNow.apply(state.source());
    }

    @Override
    public String pauseSchedule() {
        state.schedulePaused(true);
        LOG.warn("Schedule of source {} paused over JMX: its scheduled backups are skipped until resumeSchedule", state.source());
        return "schedule of " + state.source() + " paused (in this process)";
    }

    @Override
    public String resumeSchedule() {
        state.schedulePaused(false);
        LOG.info("Schedule of source {} resumed over JMX", state.source());
        return "schedule of " + state.source() + " resumed";
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
