package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;

/** After a load, tables hold other rows than the manifest records. */
public final class RowCheckFailedException extends SqlBackupException {

    public RowCheckFailedException(String message) {
        super(message);
    }
}
