package io.sqlbackup.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy's decisions on names alone: keep-last, max-age, the newest, foreign names, dry run. */
class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static StoredObject object(String name) {
        return new StoredObject(name, 1, NOW, Map.of(), name);
    }

    /** One backup per day at 02:00, {@code days} days back, newest first in the returned names. */
    private static List<StoredObject> dailyBackups(int days) {
        List<StoredObject> objects = new ArrayList<>();
        for (int d = days; d >= 1; d--) {
            objects.add(object(String.format("mydumper-backup-2026-11-%02d_020000.tar.gz", 24 - d)));
        }
        return objects;
    }

    private static Map<String, RetentionDecision.Action> decide(RetentionPolicy policy, List<StoredObject> objects) {
        Map<String, RetentionDecision.Action> actions = new LinkedHashMap<>();
        policy.plan(objects).decisions().forEach(d -> actions.put(d.name(), d.action()));
        return actions;
    }

    private static RetentionPolicy policy(int keepLast, Duration maxAge, boolean dryRun) {
        return new RetentionPolicy(keepLast, maxAge, dryRun, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void keepsTheLastNAndEverythingYoungerThanMaxAge() {
        Map<String, RetentionDecision.Action> actions = decide(policy(3, Duration.ofDays(5), false), dailyBackups(10));
        // Newest first: 11-23 .. 11-14. Last 3: 23, 22, 21. Younger than 5 days: 23..20 (11-19 02:00 is 5d10h old).
        assertEquals(RetentionDecision.Action.KEEP, actions.get("mydumper-backup-2026-11-23_020000.tar.gz"));
        assertEquals(RetentionDecision.Action.KEEP, actions.get("mydumper-backup-2026-11-21_020000.tar.gz"));
        assertEquals(RetentionDecision.Action.KEEP, actions.get("mydumper-backup-2026-11-20_020000.tar.gz"));
        assertEquals(RetentionDecision.Action.DELETE, actions.get("mydumper-backup-2026-11-19_020000.tar.gz"));
        assertEquals(RetentionDecision.Action.DELETE, actions.get("mydumper-backup-2026-11-14_020000.tar.gz"));
        assertEquals(4, actions.values().stream().filter(a -> a == RetentionDecision.Action.KEEP).count());
        assertEquals(6, actions.values().stream().filter(a -> a == RetentionDecision.Action.DELETE).count());
    }

    @Test
    void keepLastKeepsOldBackupsWhenFewAreYoung() {
        Map<String, RetentionDecision.Action> actions = decide(policy(5, Duration.ofHours(1), false), dailyBackups(7));
        assertEquals(5, actions.values().stream().filter(a -> a == RetentionDecision.Action.KEEP).count());
        assertEquals(RetentionDecision.Action.DELETE, actions.get("mydumper-backup-2026-11-17_020000.tar.gz"));
        assertEquals(RetentionDecision.Action.DELETE, actions.get("mydumper-backup-2026-11-18_020000.tar.gz"));
    }

    @Test
    void theOnlyBackupIsKeptHoweverOld() {
        List<StoredObject> one = List.of(object("mydumper-backup-2020-01-01_000000.tar.gz"));
        assertEquals(Map.of("mydumper-backup-2020-01-01_000000.tar.gz", RetentionDecision.Action.KEEP),
                decide(policy(1, Duration.ZERO, false), one));
    }

    @Test
    void foreignNamesAreIgnoredWhateverTheirAge() {
        List<StoredObject> objects = new ArrayList<>(dailyBackups(3));
        objects.add(object("notes.txt"));
        objects.add(object("mydumper-backup-2020-01-01_000000.tar.gz.sha256"));
        objects.add(object("mydumper-backup-2020-01-01.tar.gz"));
        objects.add(object("old-mydumper-backup-2020-01-01_000000.tar.gz"));
        Map<String, RetentionDecision.Action> actions = decide(policy(1, Duration.ZERO, false), objects);
        assertEquals(RetentionDecision.Action.IGNORE, actions.get("notes.txt"));
        assertEquals(RetentionDecision.Action.IGNORE, actions.get("mydumper-backup-2020-01-01_000000.tar.gz.sha256"));
        assertEquals(RetentionDecision.Action.IGNORE, actions.get("mydumper-backup-2020-01-01.tar.gz"));
        assertEquals(RetentionDecision.Action.IGNORE, actions.get("old-mydumper-backup-2020-01-01_000000.tar.gz"));
        assertEquals(2, actions.values().stream().filter(a -> a == RetentionDecision.Action.DELETE).count());
    }

    @Test
    void dryRunDecidesTheSameButDeletesNothing() {
        RetentionPlan plan = policy(2, Duration.ZERO, true).plan(dailyBackups(5));
        assertEquals(3, plan.count(RetentionDecision.Action.WOULD_DELETE));
        assertEquals(0, plan.count(RetentionDecision.Action.DELETE));
        assertEquals(0, plan.decisions().stream().filter(RetentionDecision::deletesNow).count());
    }

    @Test
    void zstdArchivesAreBackupsToo() {
        List<StoredObject> objects = List.of(object("mydumper-backup-2026-11-01_020000.tar.zst"),
                object("mydumper-backup-2026-11-02_020000.tar.gz"));
        Map<String, RetentionDecision.Action> actions = decide(policy(1, Duration.ZERO, false), objects);
        assertEquals(RetentionDecision.Action.DELETE, actions.get("mydumper-backup-2026-11-01_020000.tar.zst"));
        assertEquals(RetentionDecision.Action.KEEP, actions.get("mydumper-backup-2026-11-02_020000.tar.gz"));
    }

    @Test
    void badSettingsNameTheKey() {
        assertEquals("sqlbackup.retention.keep-last", assertThrows(ConfigurationException.class, () -> RetentionPolicy.fromSettings(
                new Settings(Map.of("sqlbackup.retention.keep-last", "0", "sqlbackup.retention.max-age", "1d")))).configKey());
        assertEquals("sqlbackup.retention.max-age", assertThrows(ConfigurationException.class, () -> RetentionPolicy.fromSettings(
                new Settings(Map.of("sqlbackup.retention.keep-last", "3", "sqlbackup.retention.max-age", "a week")))).configKey());
        assertEquals(Duration.ofDays(30), io.sqlbackup.config.DurationSetting.parse("k", "P30D"));
        assertEquals(Duration.ofHours(36), io.sqlbackup.config.DurationSetting.parse("k", "36h"));
    }
}
