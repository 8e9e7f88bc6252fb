package io.sqlbackup.restore;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sqlbackup.load.LoadProgress;

import java.util.function.ToDoubleFunction;

/**
 * The restore queue as Micrometer meters, in the registry Camel exports ({@code camel.metrics.enabled}):
 * whether a restore runs, how many wait, the running load's tables, bytes, rate and time left, and
 * how many restores ended each way. The same figures JMX shows ({@link RestoreControl}).
 */
public final class RestoreMetrics {

    private RestoreMetrics() {
    }

    public static void bind(MeterRegistry registry, RestoreQueue queue) {
        Gauge.builder("sqlbackup.restore.running", queue, q -> q.current() == null ? 0 : 1)
                .description("1 while a restore runs").register(registry);
        Gauge.builder("sqlbackup.restore.queued", queue, RestoreQueue::waitingCount)
                .description("restore commands waiting for the running one").register(registry);
        load(registry, queue, "sqlbackup.restore.tables.done", "tables whose rows are loaded, of the running load", LoadProgress::tablesDone);
        // not ".tables.total": Prometheus keeps the _total suffix for counters and drops it from a gauge
        load(registry, queue, "sqlbackup.restore.tables", "tables of the running load", LoadProgress::tables);
        load(registry, queue, "sqlbackup.restore.loaded.bytes", "bytes of rows loaded by the running load", LoadProgress::bytes);
        load(registry, queue, "sqlbackup.restore.total.bytes", "bytes of rows the running load has to load", LoadProgress::totalBytes);
        load(registry, queue, "sqlbackup.restore.rate.bytes.per.second", "rows loaded per second", LoadProgress::rate);
        load(registry, queue, "sqlbackup.restore.eta.seconds", "seconds left for the rows at the current rate, -1 when unknown",
                LoadProgress::etaSeconds, -1);
        ended(registry, queue, RestorePhase.SUCCEEDED, "sqlbackup.restore.last.success.timestamp",
                "when the last successful restore finished (Unix time)", s -> s.finished().toEpochMilli() / 1000.0);
        ended(registry, queue, RestorePhase.SUCCEEDED, "sqlbackup.restore.last.success.duration",
                "how long the last successful restore took", s -> s.started() == null ? Double.NaN
                        : java.time.Duration.between(s.started(), s.finished()).toMillis() / 1000.0);
        Gauge.builder("sqlbackup.restore.last.success", queue, q -> q.lastArchiveBytes(RestorePhase.SUCCEEDED))
                .baseUnit("bytes").description("size of the archive the last successful restore loaded").register(registry);
        ended(registry, queue, RestorePhase.FAILED, "sqlbackup.restore.last.failure.timestamp",
                "when the last failed restore ended (Unix time)", s -> s.finished().toEpochMilli() / 1000.0);
        Gauge.builder("sqlbackup.restore.replication.running", queue, q -> {
            Boolean running = q.replicationRunningAfterRestore();
            return running == null ? Double.NaN : running ? 1 : 0;
        }).description("after the last restore that re-synced replication: 1 both replica threads ran and were verified,"
                + " 0 replication was left stopped").register(registry);
        for (RestorePhase outcome : new RestorePhase[]{RestorePhase.SUCCEEDED, RestorePhase.FAILED}) {
            FunctionCounter.builder("sqlbackup.restores", queue, q -> q.finished(outcome))
                    .tag("outcome", outcome.title().toLowerCase(java.util.Locale.ROOT))
                    .description("restores that ended, by outcome").register(registry);
        }
    }

    private static void ended(MeterRegistry registry, RestoreQueue queue, RestorePhase outcome, String name, String description,
                              ToDoubleFunction<RestoreStatus> figure) {
        Gauge.builder(name, queue, q -> {
            RestoreStatus last = q.lastEnded(outcome);
            return last == null || last.finished() == null ? Double.NaN : figure.applyAsDouble(last);
        }).baseUnit("seconds").description(description).register(registry);
    }

    private static void load(MeterRegistry registry, RestoreQueue queue, String name, String description,
                             ToDoubleFunction<LoadProgress> figure) {
        load(registry, queue, name, description, figure, 0);
    }

    /** {@code idle}: the value while no load runs. */
    private static void load(MeterRegistry registry, RestoreQueue queue, String name, String description,
                             ToDoubleFunction<LoadProgress> figure, double idle) {
        Gauge.builder(name, queue, q -> {
            RestoreRun run = q.current();
            LoadProgress p = run == null ? null : run.load();
            return p == null ? idle : figure.applyAsDouble(p);
        }).description(description).register(registry);
    }
}
