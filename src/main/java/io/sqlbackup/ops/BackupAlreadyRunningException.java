package io.sqlbackup.ops;

import io.sqlbackup.SqlBackupException;

/** A backup of the same source is still running in this process; the new one did not start. */
public class BackupAlreadyRunningException extends SqlBackupException {

    public BackupAlreadyRunningException(String source, java.time.Instant since) {
        super("a backup of source " + source + " has been running since " + since
                + "; this one was not started: wait for it to finish");
    }
}
