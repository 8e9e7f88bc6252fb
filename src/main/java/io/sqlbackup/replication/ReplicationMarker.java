package io.sqlbackup.replication;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Proof that replication carries writes end to end: a row with a random token written on the
 * primary (through its binary log) must show up on the replica. Replicas apply in commit order,
 * so once the token is there, everything the primary committed before it is there too: the row also
 * serves as a barrier before tables are compared. The database is dropped on the primary afterwards
 * and the drop is seen on the replica, so no trace is left on either (a later restore refuses
 * targets that hold user databases).
 */
final class ReplicationMarker {

    static final String DATABASE = "sqlbackup_restore_check";
    private static final String TABLE = "`" + DATABASE + "`.`marker`";
    private static final int UNKNOWN_DATABASE = 1049;
    private static final int UNKNOWN_TABLE = 1146;

    private final Statement primary;
    private final Statement replica;
    private boolean created;

    ReplicationMarker(Statement primary, Statement replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** Writes a new token on the primary and waits until the replica has it. */
    void pass(ReplicaWatch watch, Deadline deadline) throws SQLException, ReplicaWatch.BrokenException, ReplicaWatch.TimedOutException {
        if (!created) {
            created = true; // from here on a failure must drop it
            // A check that failed before may have left the database on either server, and a RESET
            // MASTER since has dropped its CREATE from the binlog: drop and create it afresh, through
            // the binlog, so the replica (which applies the DROP IF EXISTS first) gets it too.
            primary.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            primary.execute("CREATE DATABASE `" + DATABASE + "`");
            primary.execute("CREATE TABLE " + TABLE + " (token VARCHAR(64) NOT NULL PRIMARY KEY) ENGINE=InnoDB");
        }
        String token = UUID.randomUUID().toString();
        try (PreparedStatement insert = primary.getConnection().prepareStatement("INSERT INTO " + TABLE + " (token) VALUES (?)")) {
            insert.setString(1, token);
            insert.executeUpdate();
        }
        watch.await(deadline, "a marker row written on the primary to arrive on the replica", () -> arrived(token));
    }

    private boolean arrived(String token) throws SQLException {
        try (PreparedStatement q = replica.getConnection().prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE token = ?")) {
            q.setString(1, token);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == UNKNOWN_DATABASE || e.getErrorCode() == UNKNOWN_TABLE) {
                return false;
            }
            throw e;
        }
    }

    /** Drops the marker database on the primary and waits until the drop has replicated. */
    void remove(ReplicaWatch watch, Deadline deadline) throws SQLException, ReplicaWatch.BrokenException, ReplicaWatch.TimedOutException {
        dropOnPrimary();
        watch.await(deadline, "the marker database's DROP to reach the replica", () -> !existsOnReplica());
    }

    /**
     * Drops it on the primary only, through the binary log: when replication runs again the replica drops
     * its copy too, in order after the marker's other events.
     */
    void dropOnPrimary() throws SQLException {
        if (created) {
            primary.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            created = false;
        }
    }

    /**
     * As {@link #dropOnPrimary()}, on a session of its own: a failure is handled after the check's
     * sessions are closed.
     */
    void dropOnPrimary(io.sqlbackup.server.ServerAccess access) throws SQLException {
        if (created) {
            try (java.sql.Connection c = access.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            }
            created = false;
        }
    }

    private boolean existsOnReplica() throws SQLException {
        try (ResultSet rs = replica.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DATABASE + "'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    boolean placed() {
        return created;
    }
}
