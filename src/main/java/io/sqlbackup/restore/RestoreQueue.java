package io.sqlbackup.restore;

import io.sqlbackup.SqlBackupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one queue every restore source feeds: commands run one at a time, in the order they came,
 * on the queue's own thread; the ones waiting say they are queued and behind how many. The backup
 * schedule asks {@link #idle()} and holds off while a restore is queued or running.
 */
public final class RestoreQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreQueue.class);
    private static final int KEEP_FINISHED = 20;

    /** Carries out one command; throwing means it failed (the message is the outcome shown). */
    @FunctionalInterface
    public interface Runner {
        String run(RestoreRun run) throws Exception;
    }

    private final Runner runner;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sqlbackup-restore");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger ids = new AtomicInteger();
    private final Deque<RestoreRun> waiting = new ArrayDeque<>();
    private final Deque<RestoreRun> finished = new ArrayDeque<>();
    private final Map<RestorePhase, RestoreRun> lastEnd = new java.util.EnumMap<>(RestorePhase.class);
    private Boolean replicationRunning;
    private RestoreRun running;
    private int backups;
    private final java.util.Map<RestorePhase, java.util.concurrent.atomic.AtomicLong> outcomes = new java.util.EnumMap<>(RestorePhase.class);

    public RestoreQueue(Runner runner) {
        this.runner = runner;
    }

    /**
     * Accepts a command. The listeners hear QUEUED at once (on this thread), then every change.
     *
     * @param origin where it came from, for operators: {@code inbox file x.json}, {@code SqlRestore ns/name}
     */
    public RestoreRun submit(RestoreCommand command, String origin, RestoreListener... listeners) {
        RestoreRun run;
        int ahead;
        synchronized (this) {
            run = new RestoreRun("restore-" + ids.incrementAndGet(), origin, command, List.of(listeners));
            ahead = waiting.size() + (running == null ? 0 : 1);
            waiting.add(run);
        }
        LOG.info("{} accepted from {}: {}", run.id(), origin, command);
        run.queuedBehind(ahead);
        try {
            worker.execute(this::runNext);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                waiting.remove(run);
            }
            run.finished(RestorePhase.FAILED, "not run: sqlbackup is shutting down; send the command again");
        }
        return run;
    }

    private void runNext() {
        RestoreRun run;
        List<RestoreRun> behind;
        synchronized (this) {
            // A scheduled backup that started before this command came is let finish first: it
            // reads the servers this restore is about to replace.
            while (backups > 0) {
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            run = waiting.poll();
            if (run == null) {
                return;
            }
            running = run;
            behind = new ArrayList<>(waiting);
        }
        for (int i = 0; i < behind.size(); i++) {
            behind.get(i).queuedBehind(i + 1);
        }
        run.running();
        RestorePhase outcome;
        String message;
        try {
            message = runner.run(run);
            outcome = RestorePhase.SUCCEEDED;
        } catch (Exception e) {
            SqlBackupException known = SqlBackupException.findIn(e);
            message = known != null ? known.getMessage()
                    : interrupted(e) ? "interrupted: sqlbackup stopped during the restore; the targets may hold a partial "
                    + "restore (its databases are marked unfinished); run the same command again"
                    : e.toString();
            outcome = RestorePhase.FAILED;
            LOG.error("{} failed: {}", run.id(), message);
        } catch (Error e) {
            message = "sqlbackup hit " + e + "; the servers are in the state the report shows";
            outcome = RestorePhase.FAILED;
            LOG.error("{} failed", run.id(), e);
        }
        synchronized (this) {
            running = null;
            outcomes.computeIfAbsent(outcome, o -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            lastEnd.put(outcome, run);
            if (run.command().resyncsReplication()) {
                if (outcome == RestorePhase.SUCCEEDED) {
                    replicationRunning = Boolean.TRUE;
                } else if (stoppedReplication(run)) {
                    // the re-sync leaves replication stopped when anything after STOP SLAVE failed
                    replicationRunning = Boolean.FALSE;
                }
            }
            finished.addFirst(run);
            while (finished.size() > KEEP_FINISHED) {
                finished.removeLast();
            }
        }
        run.finished(outcome, message);
    }

    private static boolean interrupted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** True when no restore is running or waiting. */
    public synchronized boolean idle() {
        return running == null && waiting.isEmpty();
    }

    /**
     * Called by the backup schedule before a backup: false while a restore is queued or running
     * (the backup is skipped); true registers the backup, and restores wait until {@link #backupDone()}.
     */
    public synchronized boolean tryStartBackup() {
        if (!idle()) {
            return false;
        }
        backups++;
        return true;
    }

    public synchronized void backupDone() {
        backups = Math.max(0, backups - 1);
        notifyAll();
    }

    /** The running restore, or null. */
    public synchronized RestoreRun current() {
        return running;
    }

    /** Running, waiting, then the last finished ones, newest first. */
    public synchronized List<RestoreStatus> statuses() {
        List<RestoreStatus> all = new ArrayList<>();
        if (running != null) {
            all.add(running.status());
        }
        waiting.forEach(r -> all.add(r.status()));
        finished.forEach(r -> all.add(r.status()));
        return all;
    }

    private static boolean stoppedReplication(RestoreRun run) {
        return run.report().steps().stream().anyMatch(step -> step.ok() && step.result().startsWith("stopped replication"));
    }

    /** The last restore that ended with this outcome, or null. */
    public synchronized RestoreStatus lastEnded(RestorePhase outcome) {
        RestoreRun run = lastEnd.get(outcome);
        return run == null ? null : run.status();
    }

    /** The size of the archive the last restore with this outcome read; NaN when none did. */
    public synchronized double lastArchiveBytes(RestorePhase outcome) {
        RestoreRun run = lastEnd.get(outcome);
        io.sqlbackup.bucket.ObjectReadProgress reading = run == null ? null : run.reading();
        return reading == null || reading.size() < 0 ? Double.NaN : reading.size();
    }

    /**
     * After the last restore that re-synced replication and got as far as stopping it: whether the
     * replica's threads were running and verified at its end (true), or left stopped by a failure
     * (false); null before any such restore.
     */
    public synchronized Boolean replicationRunningAfterRestore() {
        return replicationRunning;
    }

    /** Restores that ended with this outcome since the queue started. */
    public synchronized long finished(RestorePhase outcome) {
        java.util.concurrent.atomic.AtomicLong n = outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    @Override
    public void close() {
        List<RestoreRun> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        worker.shutdownNow();
        for (RestoreRun r : dropped) {
            r.finished(RestorePhase.FAILED, "not run: sqlbackup stopped before its turn; send the command again");
        }
    }
}
