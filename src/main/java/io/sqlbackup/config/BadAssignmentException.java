package io.sqlbackup.config;

/**
 * A {@code --set} that is not {@code key=value} or names no setting: a usage error of the command
 * line (exit 2), not a failure of the configuration it meant.
 */
public class BadAssignmentException extends ConfigurationException {

    public BadAssignmentException(String message, String configKey) {
        super(message, configKey);
    }
}
