package io.sqlbackup.dump;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece of dump work done on one dump session: the schema of a database, a table or a range
 * of it, the views and routines of a database. Tasks run in order of rank; within a rank the
 * larger first, so the biggest tables do not start last and leave the other connections idle.
 */
abstract class DumpTask implements Comparable<DumpTask> {

    /** Ranks, lowest first. */
    static final int LOCKED_SCHEMA = 0;
    static final int LOCKED_DATA = 1;
    static final int SCHEMA = 2;
    static final int DATA = 3;
    static final int AFTER_DATA = 4;

    private static long sequence;

    final int rank;
    final long size;
    final String object;
    private final long order;
    final List<DumpTask> dependents = new ArrayList<>();
    int waitingFor;
    /** The object being read right now, for error messages: a schema task goes through many tables. */
    private volatile String reading;

    DumpTask(int rank, long size, String object) {
        this.rank = rank;
        this.size = size;
        this.object = object;
        synchronized (DumpTask.class) {
            this.order = sequence++;
        }
    }

    /** Tasks that run after every data task (views, triggers, routines). */
    boolean afterData() {
        return rank == AFTER_DATA;
    }

    /** This task may start only when {@code first} is done. */
    DumpTask after(DumpTask first) {
        first.dependents.add(this);
        waitingFor++;
        return this;
    }

    void reading(String what) {
        reading = what;
    }

    String reading() {
        return reading == null ? object : reading;
    }

    abstract void run(DumpSession session, EntrySink sink) throws SQLException, InterruptedException;

    @Override
    public int compareTo(DumpTask o) {
        if (rank != o.rank) {
            return Integer.compare(rank, o.rank);
        }
        if (size != o.size) {
            return Long.compare(o.size, size);
        }
        return Long.compare(order, o.order);
    }

    @Override
    public String toString() {
        return object;
    }
}
