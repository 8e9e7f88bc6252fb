package io.sqlbackup.cli.progress;

import io.sqlbackup.bucket.ObjectReadProgress;
import io.sqlbackup.load.LoadProgress;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreRun;
import io.sqlbackup.restore.RestoreStatus;
import java.util.function.Supplier;

/**
 * A restore's progress: while a target loads, its rows (bytes loaded of all, tables, rate and ETA
 * as the load measures them); during the verify pass, the archive's bytes read of its size; in
 * the other stages (checks, replication steps) the stage alone.
 */
public final class RestoreProgressSource implements ProgressSource {

    private final Supplier<RestoreRun> run;

    /** @param run the restore, once it is submitted (null before) */
    public RestoreProgressSource(Supplier<RestoreRun> run) {
        this.run = run;
    }

    @Override
    public Progress read() {
        RestoreRun r = run.get();
        if (r == null) {
            return null;
        }
        RestoreStatus status = r.status();
        if (status.phase() != RestorePhase.RUNNING || status.stage() == null) {
            return null;
        }
        LoadProgress load = r.load();
        if (load != null) {
            long total = load.totalBytes();
            // every table's rows are in (the statements' bytes need not add up to the files' exactly)
            boolean rowsDone = load.tables() > 0 && load.tablesDone() >= load.tables();
            double fraction = rowsDone ? 1 : total > 0 ? Math.min(1, (double) load.bytes() / total) : -1;
            // After the rows (keys added, rows checked) a rate would only fall as time passes; and the first
            // rows come at the pace of the start, as in the other sources (Pace.ETA_FROM).
            return new Progress(status.stage(), fraction, load.bytes(), total > 0 ? total : -1, rowsDone ? 0 : load.rate(),
                    rowsDone || fraction < Pace.ETA_FROM ? -1 : load.etaSeconds(),
                    load.phase() + ", " + load.tablesDone() + "/" + load.tables() + " tables");
        }
        ObjectReadProgress reading = r.reading();
        if (reading != null && reading.objectName() != null) {
            return ObjectReadSource.of(status.stage(), reading, System.nanoTime(), null);
        }
        return Progress.stage(status.stage());
    }
}
