package io.sqlbackup.restore;

/** Told every time a restore command's status changes (queued, each step, progress, outcome). */
@FunctionalInterface
public interface RestoreListener {

    /**
     * Called on the restore's own thread, or the submitter's for the first QUEUED status; it must
     * not block for long. A listener that throws is logged and otherwise ignored: reporting must
     * not break a restore.
     */
    void changed(RestoreStatus status);
}
