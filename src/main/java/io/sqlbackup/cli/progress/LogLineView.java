package io.sqlbackup.cli.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress as a plain line on stderr every interval, for output that is not a terminal (a pipe,
 * a file, a CI log): no carriage returns, one complete line each time. The first line comes after
 * one interval, so a command that finishes sooner prints none.
 */
final class LogLineView implements ProgressView {

    private final String task;
    private final ProgressSource source;
    private final PrintWriter err;
    private final Object lock = new Object();
    private final ScheduledExecutorService ticker;
    private boolean closed;

    LogLineView(String task, ProgressSource source, PrintWriter err, Duration interval) {
        this.task = task;
        this.source = source;
        this.err = err;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlbackup-progress");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        ticker.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Prints one line of the progress now, unless there is nothing to show yet. */
    void tick() {
        Progress p;
        try {
            p = source.read();
        } catch (RuntimeException e) {
            return; // a reading that failed is skipped; the task reports its own failure
        }
        if (p == null) {
            return;
        }
        synchronized (lock) {
            if (!closed) {
                err.println(ProgressText.logLine(task, p));
                err.flush();
            }
        }
    }

    @Override
    public void print(Runnable lines) {
        synchronized (lock) {
            lines.run();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
