package io.sqlbackup.bucket;

import io.sqlbackup.SqlBackupException;

/** The bucket cannot be used: not reachable, not writable, or an object is missing or damaged. */
public class BucketException extends SqlBackupException {

    public BucketException(String message, Throwable cause) {
        super(message, "sqlbackup.bucket", cause);
    }
}
