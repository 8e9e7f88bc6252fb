package io.sqlbackup.ops;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.BackupSource;
import io.sqlbackup.config.BackupSources;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Keeps {@link SourceBackups} for every source: the backup route calls {@link #begin} first and
 * {@link #stored} once the object is in the bucket; a backup that ends without reaching
 * {@link #stored} is recorded as failed when its exchange completes, whoever caught the failure.
 * {@link #begin} is also the one gate against two backups of the same source at once, whether
 * they came from the schedule, JMX or the command line.
 */
public final class BackupTracker {

    private static final String RUN = "SqlBackupTrackedRun";

    private final BackupSources sources;
    private final Map<String, SourceBackups> bySource = new LinkedHashMap<>();
    private final Clock clock;

    public BackupTracker(BackupSources sources) {
        this(sources, Clock.systemUTC());
    }

    BackupTracker(BackupSources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
        for (BackupSource source : sources.all()) {
            bySource.put(source.name(), new SourceBackups(source.name()));
        }
    }

    /** Names the source on the exchange (the only one, if it names none) and marks its backup running. */
    public void begin(Exchange exchange) {
        BackupSource source = sources.select(exchange.getMessage().getHeader(BackupHeaders.SOURCE, String.class));
        exchange.getMessage().setHeader(BackupHeaders.SOURCE, source.name());
        SourceBackups state = bySource.get(source.name());
        Instant started = clock.instant();
        if (!state.begin(started)) {
            throw new BackupAlreadyRunningException(source.name(), state.runningSince());
        }
        Run run = new Run(state, started);
        exchange.setProperty(RUN, run);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                run.finish(done);
            }
        });
    }

    /** The backup is in the bucket: records it as the source's last successful backup. */
    public void stored(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run != null) {
            run.stored(exchange.getMessage().getBody(StoredObject.class),
                    exchange.getMessage().getHeader(BackupHeaders.REPLICA_LAG_SECONDS, Double.class));
        }
    }

    /**
     * Takes a backup found in the source's bucket as its last successful one until this process stores
     * its own: its object's creation time stands for the finish, its duration is not known.
     */
    public void found(String source, StoredObject newest) {
        source(source).found(new SourceBackups.Outcome(null, newest.created(), newest.name(), newest.size(), true,
                "found in the bucket"));
    }

    public SourceBackups source(String name) {
        return bySource.get(sources.select(name).name());
    }

    /** Whether the source's schedule is paused (JMX pauseSchedule); the schedule route asks before each firing. */
    public boolean schedulePaused(String name) {
        return source(name).schedulePaused();
    }

    public List<SourceBackups> all() {
        return List.copyOf(bySource.values());
    }

    /** One tracked backup; ends exactly once. */
    private final class Run {
        private final SourceBackups state;
        private final Instant started;
        private boolean ended;

        Run(SourceBackups state, Instant started) {
            this.state = state;
            this.started = started;
        }

        synchronized void stored(StoredObject object, Double replicaLag) {
            if (ended) {
                return;
            }
            ended = true;
            state.replicaLag(replicaLag);
            state.end(new SourceBackups.Outcome(started, clock.instant(), object == null ? null : object.name(),
                    object == null ? 0 : object.size(), true, "stored"));
        }

        synchronized void finish(Exchange done) {
            if (ended) {
                return;
            }
            ended = true;
            Throwable failure = done.getException() != null ? done.getException()
                    : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            state.end(new SourceBackups.Outcome(started, clock.instant(), null, 0, false, describe(failure)));
        }
    }

    private static String describe(Throwable failure) {
        return failure == null ? "ended before the archive was stored" : SqlBackupException.describe(failure);
    }
}
