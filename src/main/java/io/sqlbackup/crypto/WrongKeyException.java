package io.sqlbackup.crypto;

import io.sqlbackup.SqlBackupException;

/** Decryption failed: no configured key matches the archive, or the archive is damaged. */
public class WrongKeyException extends SqlBackupException {

    public WrongKeyException(String message) {
        this(message, "sqlbackup.key");
    }

    public WrongKeyException(String message, String configKey) {
        super(message, configKey);
    }
}
