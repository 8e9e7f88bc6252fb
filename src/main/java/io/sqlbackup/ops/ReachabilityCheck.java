package io.sqlbackup.ops;

import io.sqlbackup.SqlBackupException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: something the service needs answers (a source database, a bucket); or, as liveness, a
 * part of the process still works (the lease renewals). The probe itself
 * runs in the background ({@link ReachabilityChecks}), so a health request never waits on a slow
 * server and many probes do not turn into many logins; this check reports its latest answer.
 */
public final class ReachabilityCheck extends AbstractHealthCheck {

    /** Runs one probe; throws with an operator's message when the target cannot be used. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final Probe probe;
    private final Clock clock;
    private final boolean readiness;
    private final boolean liveness;
    private volatile String failure = "not checked yet";
    private volatile Instant checked;

    /**
     * @param readiness whether a failure makes the process not ready; either way it shows in
     *                  {@code /observe/health} with its message
     */
    public ReachabilityCheck(String id, Probe probe, boolean readiness) {
        this(id, probe, readiness, false, Clock.systemUTC());
    }

    /**
     * A check of this process itself rather than of what it reaches: a failure makes it not live (the
     * kubelet restarts it), and never not ready.
     */
    public static ReachabilityCheck liveness(String id, Probe probe) {
        return new ReachabilityCheck(id, probe, false, true, Clock.systemUTC());
    }

    ReachabilityCheck(String id, Probe probe, boolean readiness, boolean liveness, Clock clock) {
        super("sqlbackup", id);
        this.probe = probe;
        this.readiness = readiness;
        this.liveness = liveness;
        this.clock = clock;
    }

    /** A database that is down is no reason to restart sqlbackup: reachability is never liveness. */
    @Override
    public boolean isLiveness() {
        return liveness;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    void refresh() {
        try {
            probe.run();
            failure = null;
        } catch (Exception e) {
            failure = SqlBackupException.describe(e);
        }
        checked = clock.instant();
    }

    /** When the probe last ran; null before its first run. */
    public Instant checked() {
        return checked;
    }

    /** The latest failure, or null while it answers. */
    public String failure() {
        return failure;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (checked != null) {
            builder.detail("checked", checked.toString());
        }
        if (failure == null) {
            builder.up();
        } else {
            builder.message(failure).down();
        }
    }
}
