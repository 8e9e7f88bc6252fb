package io.sqlbackup.manifest;

import io.sqlbackup.SqlBackupException;

/** An archive's files do not match the manifest written with them: the archive is damaged or incomplete. */
public class ManifestMismatchException extends SqlBackupException {

    public ManifestMismatchException(String message) {
        super(message);
    }
}
