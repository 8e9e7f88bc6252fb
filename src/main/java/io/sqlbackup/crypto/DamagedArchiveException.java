package io.sqlbackup.crypto;

import io.sqlbackup.SqlBackupException;

/**
 * The bytes cannot be an archive {@code openssl enc} wrote, whatever the key: no {@code Salted__}
 * header, or cut short (not a whole number of AES blocks). No setting fixes this: the copy does.
 */
public class DamagedArchiveException extends SqlBackupException {

    public DamagedArchiveException(String message) {
        super(message);
    }
}
