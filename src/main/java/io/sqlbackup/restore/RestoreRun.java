package io.sqlbackup.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One restore command from acceptance to its outcome: the queue's ticket. The route's stages
 * set the stage and the progress source on it (it travels in the {@link RestoreHeaders#RUN}
 * header); every change is published to the listeners as a {@link RestoreStatus}.
 */
public final class RestoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);

    private final String id;
    private final String origin;
    private final RestoreCommand command;
    private final RestoreReport report = new RestoreReport();
    private final List<RestoreListener> listeners = new CopyOnWriteArrayList<>();
    private final Instant queued = Instant.now();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile RestorePhase phase = RestorePhase.QUEUED;
    private volatile String stage;
    private volatile String message;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile Supplier<String> progress;
    private volatile io.sqlbackup.load.LoadProgress load;
    private volatile io.sqlbackup.bucket.ObjectReadProgress reading;

    RestoreRun(String id, String origin, RestoreCommand command, List<RestoreListener> listeners) {
        this.id = id;
        this.origin = origin;
        this.command = command;
        this.listeners.addAll(listeners);
        report.onChange(this::publish);
    }

    public String id() {
        return id;
    }

    public RestoreCommand command() {
        return command;
    }

    public RestoreReport report() {
        return report;
    }

    /** Adds a listener; it is told the current status at once. */
    public void listen(RestoreListener listener) {
        listeners.add(listener);
        tell(listener, status());
    }

    /** The part now being carried out ({@code verifying the archive}, {@code loading primary}, ...). */
    public void stage(String stage) {
        this.stage = stage;
        this.progress = null;
        LOG.info("{}: {}", id, stage);
        publish();
    }

    /** Where the running stage reads its progress from (tables, bytes, rate, ETA); null for none. */
    public void progress(Supplier<String> progress) {
        this.progress = progress;
    }

    /** The load now running, whose figures JMX shows. */
    public void load(io.sqlbackup.load.LoadProgress load) {
        this.load = load;
        this.progress = load::toString;
    }

    public io.sqlbackup.load.LoadProgress load() {
        return load;
    }

    /** The verify pass's read of the archive, whose bytes the command line shows. */
    public void reading(io.sqlbackup.bucket.ObjectReadProgress reading) {
        this.reading = reading;
        this.progress = reading::toString;
    }

    /** The verify pass's read of the archive; null before it started. */
    public io.sqlbackup.bucket.ObjectReadProgress reading() {
        return reading;
    }

    /** Publishes the current status again, e.g. after progress moved. */
    public void publish() {
        RestoreStatus status = status();
        for (RestoreListener l : listeners) {
            tell(l, status);
        }
    }

    private void tell(RestoreListener listener, RestoreStatus status) {
        try {
            listener.changed(status);
        } catch (RuntimeException e) {
            LOG.warn("{}: a status listener failed, the restore goes on: {}", id, e.toString());
        }
    }

    void queuedBehind(int ahead) {
        message = ahead == 0 ? "queued, starts next" : "queued behind " + ahead + " restore" + (ahead == 1 ? "" : "s");
        publish();
    }

    void running() {
        started = Instant.now();
        phase = RestorePhase.RUNNING;
        message = "running";
        publish();
    }

    void finished(RestorePhase outcome, String message) {
        this.finished = Instant.now();
        this.stage = null;
        this.progress = null;
        this.message = message;
        this.phase = outcome;
        publish();
        done.countDown();
    }

    /** Waits until the restore has ended; false on timeout. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    public RestoreStatus status() {
        Supplier<String> p = progress;
        String shown = message;
        if (phase == RestorePhase.RUNNING && stage != null) {
            String detail = p == null ? null : p.get();
            shown = stage + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
        return new RestoreStatus(id, origin, command, phase, phase == RestorePhase.RUNNING ? stage : null, shown, queued,
                started, finished, report.steps());
    }
}
