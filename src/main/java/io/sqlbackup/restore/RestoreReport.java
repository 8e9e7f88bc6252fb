package io.sqlbackup.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of one restore in the order they happened, filled in by the stages as they go
 * ({@code mariadb-load:}, {@code replication:}) and shown to whoever asked. It travels in the
 * {@link RestoreHeaders#REPORT} header. Safe to read from another thread while a restore runs.
 */
public final class RestoreReport {

    private final List<RestoreStep> steps = new ArrayList<>();
    private final List<Runnable> listeners = new ArrayList<>();

    /** Records a step that succeeded. */
    public void done(String step, String result) {
        add(new RestoreStep(step, result, true, Instant.now()));
    }

    /** Records the step that failed and why. */
    public void failed(String step, String why) {
        add(new RestoreStep(step, why, false, Instant.now()));
    }

    private void add(RestoreStep step) {
        List<Runnable> notify;
        synchronized (this) {
            steps.add(step);
            notify = List.copyOf(listeners);
        }
        notify.forEach(Runnable::run);
    }

    /** Called after every recorded step (the queue uses it to publish the status). */
    public synchronized void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized List<RestoreStep> steps() {
        return List.copyOf(steps);
    }

    /** The step that failed, if one did. */
    public synchronized RestoreStep failure() {
        return steps.stream().filter(s -> !s.ok()).findFirst().orElse(null);
    }

    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder();
        for (RestoreStep s : steps) {
            b.append("  ").append(s).append('\n');
        }
        return b.toString();
    }
}
