package io.sqlbackup.restore.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlbackup.restore.RestoreListener;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreStatus;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one restore's status changes to its SqlRestore resource. Writes happen on the writer
 * thread, never on the restore's (a listener must not block it), and only the newest status is
 * written: while a restore runs, progress changes many times a second and the API server hears of it
 * at most once per interval; a new phase (running, succeeded, failed) and every queue position are
 * written at once. A write that fails is tried again, with the newest status, an interval later.
 */
final class SqlRestoreReporter implements RestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(SqlRestoreReporter.class);

    private final String name;
    private final SqlRestoreStatusWriter writer;
    private final ScheduledExecutorService writerThread;
    private final long intervalNanos;
    private final BooleanSupplier stillThere;
    private final Runnable whenDone;

    // Guarded by this.
    private RestoreStatus pending;
    private RestorePhase lastPhase;
    private boolean flushScheduled;
    private long lastWrite;
    private boolean done;
    private boolean failing;

    /**
     * @param stillThere whether the resource this restore came from still exists: writes go by name, and
     *                   a SqlRestore deleted and created again under its name is another command
     * @param whenDone   called once the final status is written, or the resource is gone
     */
    SqlRestoreReporter(String name, SqlRestoreStatusWriter writer, ScheduledExecutorService writerThread,
                       Duration interval, BooleanSupplier stillThere, Runnable whenDone) {
        this.name = name;
        this.writer = writer;
        this.writerThread = writerThread;
        this.intervalNanos = interval.toNanos();
        this.stillThere = stillThere;
        this.whenDone = whenDone;
        this.lastWrite = System.nanoTime() - intervalNanos;
    }

    @Override
    public void changed(RestoreStatus status) {
        synchronized (this) {
            if (done) {
                return;
            }
            pending = status;
            boolean newPhase = status.phase() != lastPhase || status.phase() != RestorePhase.RUNNING;
            lastPhase = status.phase();
            if (newPhase) {
                flushScheduled = true;
                schedule(0);
            } else if (!flushScheduled) {
                flushScheduled = true;
                schedule(Math.max(0, lastWrite + intervalNanos - System.nanoTime()));
            }
        }
    }

    /** Writes what is pending without waiting for the interval (the service is stopping). */
    synchronized void flushSoon() {
        if (pending != null && !done) {
            schedule(0);
        }
    }

    private void flush() {
        RestoreStatus status;
        synchronized (this) {
            flushScheduled = false;
            status = pending;
            pending = null;
            if (status == null || done) {
                return;
            }
        }
        if (!stillThere.getAsBoolean()) {
            gone(status);
            return;
        }
        try {
            writer.overwrite(name, SqlRestoreStatus.of(status));
        } catch (KubernetesClientException e) {
            failed(status, e);
            return;
        }
        boolean finished;
        synchronized (this) {
            lastWrite = System.nanoTime();
            finished = status.phase().isFinal();
            done = finished;
            if (failing) {
                failing = false;
                LOG.info("SqlRestore {}: its status is written again", name);
            }
        }
        if (finished) {
            whenDone.run();
        }
    }

    private void gone(RestoreStatus status) {
        synchronized (this) {
            done = true;
            pending = null;
        }
        LOG.info("SqlRestore {} was deleted; {} is not stopped by that ({}), but its status is no longer written there",
                name, status.id(), status.phase().isFinal() ? "it has ended" : "it goes on");
        whenDone.run();
    }

    private void failed(RestoreStatus status, KubernetesClientException e) {
        if (e.getCode() == 404) {
            gone(status);
            return;
        }
        synchronized (this) {
            if (!failing) {
                failing = true;
                LOG.warn("SqlRestore {}: writing its status failed ({}); trying again every {} s: check that the "
                        + "service account may update sqlrestores/status", name, SqlRestoreWatch.describe(e),
                        TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
            }
            if (pending == null) {
                pending = status;
            }
            if (!flushScheduled) {
                flushScheduled = true;
                schedule(intervalNanos);
            }
        }
    }

    private void schedule(long delayNanos) {
        try {
            writerThread.schedule(this::flush, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The watch is closed: what is left unwritten shows up as interrupted at the next start.
            flushScheduled = false;
        }
    }
}
