package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;

/** A file of the archive that cannot be loaded as it is (damaged, truncated, not SQL). */
public final class DumpFileException extends SqlBackupException {

    public DumpFileException(String message) {
        super(message);
    }
}
