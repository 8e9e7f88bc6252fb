package io.sqlbackup.replication;

import io.sqlbackup.SqlBackupException;

/**
 * A replication step of a restore failed. The message names the step and the server, says why, in
 * what state each server was left, and what to do next.
 */
public class ReplicationStepException extends SqlBackupException {

    private final String step;

    public ReplicationStepException(String step, String message, Throwable cause) {
        super(message, null, cause);
        this.step = step;
    }

    /** The step as the restore report names it, e.g. {@code START SLAVE on replica 127.0.0.1:3307}. */
    public String step() {
        return step;
    }
}
