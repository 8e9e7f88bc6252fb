package io.sqlbackup.restore;

import io.sqlbackup.SqlBackupException;

/** A restore command that cannot be run as written; nothing was touched. */
public final class BadRestoreCommandException extends SqlBackupException {

    public BadRestoreCommandException(String message) {
        super(message);
    }
}
