package io.sqlbackup.replication;

import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code STOP SLAVE} before the replica is loaded, so the load and the primary's new binary log cannot
 * meet half way. A replica with no replication set up is refused before anything changes: the
 * restore keeps the replication user and password the replica already has and never learns them.
 */
final class ReplicaStop {

    private ReplicaStop() {
    }

    /** The replica has no {@code CHANGE MASTER TO} host: nothing to stop, and nothing to re-point later. */
    static final class NotAReplicaException extends Exception {
        NotAReplicaException() {
            super("no replication is configured on it (SHOW SLAVE STATUS shows no primary host)");
        }
    }

    /** Stops both replication threads; returns how replication was set up before. */
    static ReplicaStatus stop(ServerAccess replica) throws SQLException, NotAReplicaException {
        try (Connection c = replica.connect(); Statement s = c.createStatement()) {
            ReplicaStatus before = configuredStatus(s);
            s.execute("STOP SLAVE");
            return before;
        }
    }

    /** The replica's status, refusing one without replication. */
    static ReplicaStatus configuredStatus(Statement s) throws SQLException, NotAReplicaException {
        ReplicaStatus status = ReplicaStatus.read(s);
        if (!ReplicaStatus.configured(status)) {
            throw new NotAReplicaException();
        }
        return status;
    }
}
