package io.sqlbackup.config;

import io.sqlbackup.SqlBackupException;

/** A configuration value is missing or malformed; raised before any server is touched. */
public class ConfigurationException extends SqlBackupException {

    public ConfigurationException(String message, String configKey) {
        super(message, configKey);
    }

    public ConfigurationException(String message, String configKey, Throwable cause) {
        super(message, configKey, cause);
    }
}
