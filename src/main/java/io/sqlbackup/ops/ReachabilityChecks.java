package io.sqlbackup.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link ReachabilityCheck} probes now and then every interval, on one background thread. */
public final class ReachabilityChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReachabilityChecks.class);

    private final List<ReachabilityCheck> checks;
    private final ScheduledExecutorService timer;

    public ReachabilityChecks(List<ReachabilityCheck> checks, Duration interval) {
        this.checks = List.copyOf(checks);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlbackup-readiness");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<ReachabilityCheck> checks() {
        return checks;
    }

    private void refreshAll() {
        for (ReachabilityCheck check : checks) {
            String before = check.failure();
            check.refresh();
            String after = check.failure();
            if (after != null && !after.equals(before)) {
                LOG.warn("Not ready: {}: {}", check.getId(), after);
            } else if (after == null && before != null && !"not checked yet".equals(before)) {
                LOG.info("Ready again: {}", check.getId());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
