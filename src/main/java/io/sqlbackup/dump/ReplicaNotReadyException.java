package io.sqlbackup.dump;

/** The source is a replica that is stopped, broken or too far behind to be worth a backup. */
public class ReplicaNotReadyException extends DumpException {

    public ReplicaNotReadyException(String message) {
        super(message, "sqlbackup.dump.max-replica-lag", null);
    }
}
