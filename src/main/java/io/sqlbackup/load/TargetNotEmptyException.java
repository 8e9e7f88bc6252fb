package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;

/** A restore target already holds user databases and the command does not allow overwriting them. */
public final class TargetNotEmptyException extends SqlBackupException {

    public TargetNotEmptyException(String message) {
        super(message);
    }
}
