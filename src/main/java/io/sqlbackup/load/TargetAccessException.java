package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;

/** A restore target that cannot be reached or lacks a privilege the load needs; nothing was loaded. */
public final class TargetAccessException extends SqlBackupException {

    public TargetAccessException(String message, String configKey, Throwable cause) {
        super(message, configKey, cause);
    }
}
