package io.sqlbackup.server;

import io.sqlbackup.SqlBackupException;

/** A MariaDB server could not be reached or refused the login. */
public class ServerUnavailableException extends SqlBackupException {

    public ServerUnavailableException(String message, String configKey, Throwable cause) {
        super(message, configKey, cause);
    }
}
