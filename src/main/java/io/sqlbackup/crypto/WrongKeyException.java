package io.sqlbackup.crypto;

import io.sqlbackup.SqlBackupException;

/** Decryption failed: the key does not match the archive, or the archive is damaged. */
public class WrongKeyException extends SqlBackupException {

    public WrongKeyException(String message) {
        super(message, "sqlbackup.key");
    }
}
