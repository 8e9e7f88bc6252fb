package io.sqlbackup.load;

import io.sqlbackup.config.ByteSize;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the load of one target has come: the phase, tables complete of all, bytes of rows
 * loaded of all, rate and time left. Read by the log, the JMX attributes and the metrics while
 * the load threads move it.
 */
public final class LoadProgress {

    private final String target;
    private volatile String phase = "starting";
    private volatile int tables;
    private volatile long totalBytes;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile long dataStarted;
    private final long started = System.nanoTime();

    public LoadProgress(String target) {
        this.target = target;
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void totals(int tables, long bytes) {
        this.tables = tables;
        this.totalBytes = bytes;
        this.dataStarted = System.nanoTime();
    }

    void tableDone() {
        tablesDone.incrementAndGet();
    }

    void loaded(long statementBytes) {
        bytes.addAndGet(statementBytes);
    }

    public String target() {
        return target;
    }

    public String phase() {
        return phase;
    }

    public int tables() {
        return tables;
    }

    public int tablesDone() {
        return tablesDone.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Bytes of rows per second since the rows started, 0 before. */
    public double rate() {
        long since = dataStarted;
        double seconds = since == 0 ? 0 : (System.nanoTime() - since) / 1e9;
        return seconds <= 0 ? 0 : bytes.get() / seconds;
    }

    /** Seconds left for the rows at the current rate; -1 when unknown. */
    public long etaSeconds() {
        double rate = rate();
        long left = totalBytes - bytes.get();
        return rate <= 0 || left < 0 ? -1 : (long) Math.ceil(left / rate);
    }

    public long elapsedSeconds() {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(phase).append(", ").append(tablesDone()).append('/').append(tables).append(" tables, ")
                .append(ByteSize.describe(bytes())).append(" of ").append(ByteSize.describe(totalBytes));
        double rate = rate();
        if (rate > 0) {
            b.append(", ").append(ByteSize.describe((long) rate)).append("/s");
            long eta = etaSeconds();
            if (eta >= 0 && bytes() < totalBytes) {
                b.append(", ETA ").append(eta / 60).append(':').append(String.format("%02d", eta % 60));
            }
        }
        return b.toString();
    }
}
