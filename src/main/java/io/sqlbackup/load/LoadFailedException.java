package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;

/** The load of a target stopped; the message says where, why, and what the target now holds. */
public final class LoadFailedException extends SqlBackupException {

    public LoadFailedException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
