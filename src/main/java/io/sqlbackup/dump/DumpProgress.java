package io.sqlbackup.dump;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running dump, for logs, progress and the summary. */
public final class DumpProgress {

    private final AtomicLong tables = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile long tablesPlanned;

    void planned(long tableCount) {
        tablesPlanned = tableCount;
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

    @Override
    public String toString() {
        return tables() + "/" + tablesPlanned + " tables, " + rows() + " rows, " + bytes() + " bytes";
    }
}
