package io.sqlbackup.cli.progress;

import io.sqlbackup.dump.DumpProgress;
import java.util.function.LongSupplier;

/**
 * A backup's progress from its dump. The percent is the part of the server's own estimate of the
 * data (information_schema DATA_LENGTH) whose tables and key ranges are dumped: it moves from 0
 * to 100% exactly as the dump does, while the SQL written (the bytes shown) may be larger or
 * smaller than that estimate. Without an estimate the percent is left out.
 */
public final class DumpProgressSource implements ProgressSource {

    private final DumpProgress dump;
    private final LongSupplier nanoTime;

    public DumpProgressSource(DumpProgress dump) {
        this(dump, System::nanoTime);
    }

    DumpProgressSource(DumpProgress dump, LongSupplier nanoTime) {
        this.dump = dump;
        this.nanoTime = nanoTime;
    }

    @Override
    public Progress read() {
        long started = dump.startedNanos();
        if (started == 0) {
            return Progress.stage("opening the snapshot");
        }
        long elapsed = nanoTime.getAsLong() - started;
        long planned = dump.tablesPlanned();
        long tables = dump.tables();
        long estimated = dump.estimatedBytes();
        boolean allDumped = tables >= planned;
        double fraction = allDumped ? 1 : estimated > 0 ? Math.min(1, (double) dump.estimatedBytesDone() / estimated) : -1;
        return new Progress(allDumped ? "storing the archive" : "dumping", fraction, dump.bytes(), -1,
                Pace.rate(dump.bytes(), elapsed), fraction < 0 ? -1 : Pace.eta(fraction, elapsed),
                tables + "/" + planned + " tables, " + dump.rows() + " rows");
    }
}
