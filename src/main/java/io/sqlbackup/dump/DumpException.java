package io.sqlbackup.dump;

import io.sqlbackup.SqlBackupException;

/** The dump could not be taken; the message says which object and why. */
public class DumpException extends SqlBackupException {

    public DumpException(String message, String configKey, Throwable cause) {
        super(message, configKey, cause);
    }
}
