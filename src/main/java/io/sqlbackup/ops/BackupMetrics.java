package io.sqlbackup.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Every source's backups as Micrometer meters, tagged {@code source}, in the registry Camel serves at
 * {@code /observe/metrics}. The Prometheus names are what k8s/base/prometheusrule.yaml alerts on:
 * {@code sqlbackup_backup_last_success_timestamp_seconds} and friends. At start the newest backup
 * in the source's bucket stands for the last success, so a restarted service does not forget it;
 * with none at all the timestamp reads 0, so the alert fires for a source that was never backed up.
 */
public final class BackupMetrics {

    private BackupMetrics() {
    }

    public static void bind(MeterRegistry registry, BackupTracker tracker, Predicate<String> leader) {
        for (SourceBackups state : tracker.all()) {
            String source = state.source();
            // 0, not NaN, before any success: "no backup for 26 h" must fire for a source never backed up
            Gauge.builder("sqlbackup.backup.last.success.timestamp", state, s -> s.lastSuccess() == null ? 0
                            : seconds(s.lastSuccess().finished())).baseUnit("seconds")
                    .description("when the last successful backup finished (Unix time); 0 when there is none")
                    .tag("source", source).register(registry);
            success(registry, state, "sqlbackup.backup.last.success.duration", "seconds",
                    "how long the last successful backup took", o -> o.duration() == null ? Double.NaN : o.duration().toMillis() / 1000.0);
            success(registry, state, "sqlbackup.backup.last.success", "bytes",
                    "size of the last successful backup's object", o -> o.sizeBytes());
            Gauge.builder("sqlbackup.backup.replica.lag", state, SourceBackups::replicaLagSeconds).baseUnit("seconds")
                    .description("how far the source replica was behind at the last dump; -1 when it is not a replica")
                    .tag("source", source).register(registry);
            Gauge.builder("sqlbackup.backup.running", state, s -> s.runningSince() == null ? 0 : 1)
                    .description("1 while a backup of the source runs in this process").tag("source", source).register(registry);
            Gauge.builder("sqlbackup.backup.schedule.paused", state, s -> s.schedulePaused() ? 1 : 0)
                    .description("1 while the source's schedule is paused in this process").tag("source", source).register(registry);
            Gauge.builder("sqlbackup.backup.leader", state, s -> leader.test(s.source()) ? 1 : 0)
                    .description("1 when this process holds the source's lease and runs its schedule")
                    .tag("source", source).register(registry);
            FunctionCounter.builder("sqlbackup.backup.failures", state, SourceBackups::failures)
                    .description("backups that failed").tag("source", source).register(registry);
            FunctionCounter.builder("sqlbackup.backup.successes", state, SourceBackups::successes)
                    .description("backups that were stored").tag("source", source).register(registry);
        }
    }

    private static void success(MeterRegistry registry, SourceBackups state, String name, String unit, String description,
                                ToDoubleFunction<SourceBackups.Outcome> figure) {
        Gauge.builder(name, state, s -> {
            SourceBackups.Outcome success = s.lastSuccess();
            return success == null ? Double.NaN : figure.applyAsDouble(success);
        }).baseUnit(unit).description(description).tag("source", state.source()).register(registry);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
