package io.sqlbackup.dump;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running dump, for logs, progress and the summary. */
public final class DumpProgress {

    private final AtomicLong tables = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong estimatedDone = new AtomicLong();
    private volatile long tablesPlanned;
    private volatile long estimated;
    private volatile long startedNanos;

    /** The dump is planned: its tables, and the server's estimate of their data (information_schema DATA_LENGTH). */
    void planned(long tableCount, long estimatedBytes) {
        tablesPlanned = tableCount;
        estimated = estimatedBytes;
        startedNanos = System.nanoTime();
    }

    /** A table, or one key range of it, is dumped: the part of the estimate it stood for. */
    void estimatedDone(long estimatedBytes) {
        estimatedDone.addAndGet(estimatedBytes);
    }

    void tableDone() {
        tables.incrementAndGet();
    }

    void rows(long n) {
        rows.addAndGet(n);
    }

    void entry(long size) {
        entries.incrementAndGet();
        bytes.addAndGet(size);
    }

    public long tablesPlanned() {
        return tablesPlanned;
    }

    public long tables() {
        return tables.get();
    }

    public long rows() {
        return rows.get();
    }

    /** Uncompressed bytes of SQL written so far. */
    public long bytes() {
        return bytes.get();
    }

    public long entries() {
        return entries.get();
    }

    /**
     * The server's estimate of the data to dump (the sum of information_schema DATA_LENGTH); 0
     * before the dump is planned or when the server reports none. Not the size of the SQL written,
     * which differs from it, so only a measure of how far the dump has come.
     */
    public long estimatedBytes() {
        return estimated;
    }

    /** The part of {@link #estimatedBytes()} that belongs to the tables and key ranges dumped so far. */
    public long estimatedBytesDone() {
        return estimatedDone.get();
    }

    /** {@link System#nanoTime()} when the dump was planned (the snapshot is open); 0 before. */
    public long startedNanos() {
        return startedNanos;
    }

    @Override
    public String toString() {
        return tables() + "/" + tablesPlanned + " tables, " + rows() + " rows, " + bytes() + " bytes";
    }
}
