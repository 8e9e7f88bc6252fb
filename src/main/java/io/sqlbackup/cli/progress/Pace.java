package io.sqlbackup.cli.progress;

/** Rate and time left from what was done in the time spent, for sources that do not keep them. */
final class Pace {

    private Pace() {
    }

    /** Bytes per second; 0 before any time has passed. */
    static double rate(long bytes, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : bytes / (elapsedNanos / 1e9);
    }

    /**
     * Before this much is done, the time left is not estimated: the first bytes of a read or a
     * dump come at the pace of its start (keys derived, connections opened), not of its bulk.
     */
    static final double ETA_FROM = 0.01;

    /** Seconds left if the rest goes as fast as what was done; -1 when unknown, 0 when done. */
    static long eta(double fraction, long elapsedNanos) {
        if (fraction >= 1) {
            return 0;
        }
        if (fraction < ETA_FROM || elapsedNanos <= 0) {
            return -1;
        }
        return (long) Math.ceil(elapsedNanos / 1e9 * (1 - fraction) / fraction);
    }
}
