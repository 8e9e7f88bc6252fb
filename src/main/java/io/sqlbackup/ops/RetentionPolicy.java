package io.sqlbackup.ops;

import io.sqlbackup.bucket.BackupCatalog;
import io.sqlbackup.bucket.BackupObjectName;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.DurationSetting;
import io.sqlbackup.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which backups to keep: the last {@code keep-last} backups and every backup younger than
 * {@code max-age} (either reason keeps it), and always the newest one. A backup's age is taken
 * from the snapshot time in its name, so archives copied in later, or written by the old
 * scripts, age like the rest. Objects whose names are not backup names are never deleted.
 */
public final class RetentionPolicy {

    public static final String KEEP_LAST = "sqlbackup.retention.keep-last";
    public static final String MAX_AGE = "sqlbackup.retention.max-age";
    public static final String DRY_RUN = "sqlbackup.retention.dry-run";

    private final int keepLast;
    private final Duration maxAge;
    private final boolean dryRun;
    private final Clock clock;

    public RetentionPolicy(int keepLast, Duration maxAge, boolean dryRun, Clock clock) {
        if (keepLast < 1) {
            throw new ConfigurationException(KEEP_LAST + " = " + keepLast + ": keep at least the last 1 backup", KEEP_LAST);
        }
        this.keepLast = keepLast;
        this.maxAge = maxAge;
        this.dryRun = dryRun;
        this.clock = clock;
    }

    public static RetentionPolicy fromSettings(Settings settings) {
        String keep = settings.require(KEEP_LAST, "the number of backups retention keeps");
        int keepLast;
        try {
            keepLast = Integer.parseInt(keep);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(KEEP_LAST + " = '" + keep + "' is not a number of backups", KEEP_LAST);
        }
        Duration maxAge = DurationSetting.parse(MAX_AGE, settings.require(MAX_AGE, "the age up to which retention keeps every backup"));
        String dry = settings.get(DRY_RUN, "false");
        if (!dry.equals("true") && !dry.equals("false")) {
            throw new ConfigurationException(DRY_RUN + " = '" + dry + "': use true or false", DRY_RUN);
        }
        return new RetentionPolicy(keepLast, maxAge, Boolean.parseBoolean(dry), Clock.systemUTC());
    }

    /** Decides for every object; deletes nothing itself. */
    public RetentionPlan plan(List<StoredObject> objects) {
        Instant now = clock.instant();
        List<StoredObject> newestFirst = new ArrayList<>(new BackupCatalog(objects, "the bucket").backups());
        java.util.Collections.reverse(newestFirst);
        List<RetentionDecision> decisions = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            StoredObject backup = newestFirst.get(i);
            Duration age = Duration.between(BackupCatalog.snapshot(backup), now);
            decisions.add(decide(backup.name(), i, age));
        }
        for (StoredObject o : objects) {
            if (!BackupObjectName.isBackup(o.name())) {
                decisions.add(new RetentionDecision(o.name(), RetentionDecision.Action.IGNORE,
                        "not a backup name (mydumper-backup-YYYY-MM-DD_HHMMSS.tar.gz|.tar.zst)"));
            }
        }
        return new RetentionPlan(decisions, dryRun);
    }

    private RetentionDecision decide(String name, int newerBackups, Duration age) {
        if (newerBackups == 0) {
            return new RetentionDecision(name, RetentionDecision.Action.KEEP, "the newest backup is always kept");
        }
        if (newerBackups < keepLast) {
            return new RetentionDecision(name, RetentionDecision.Action.KEEP,
                    "one of the last " + keepLast + " (" + KEEP_LAST + ")");
        }
        if (age.compareTo(maxAge) < 0) {
            return new RetentionDecision(name, RetentionDecision.Action.KEEP,
                    "age " + human(age) + " is under " + human(maxAge) + " (" + MAX_AGE + ")");
        }
        return new RetentionDecision(name, dryRun ? RetentionDecision.Action.WOULD_DELETE : RetentionDecision.Action.DELETE,
                "backup " + (newerBackups + 1) + " from the newest, age " + human(age) + ": beyond the last " + keepLast
                        + " and older than " + human(maxAge));
    }

    static String human(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + "d";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }

    @Override
    public String toString() {
        return "keep the last " + keepLast + " and everything younger than " + human(maxAge) + (dryRun ? " (dry run)" : "");
    }
}
