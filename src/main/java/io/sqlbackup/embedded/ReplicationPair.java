package io.sqlbackup.embedded;

import io.sqlbackup.SqlBackupException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A primary and a replica that replicates from it over GTID, like the production pair: the replica
 * connects with a dedicated replication user, and both replication threads are running when
 * {@link #start(MariaDbBinaries)} returns.
 */
public final class ReplicationPair implements AutoCloseable {

    public static final String REPLICATION_USER = "repl";
    public static final String REPLICATION_PASSWORD = "repl-secret";

    private final MariaDbServer primary;
    private final MariaDbServer replica;

    private ReplicationPair(MariaDbServer primary, MariaDbServer replica) {
        this.primary = primary;
        this.replica = replica;
    }

    public static ReplicationPair start(MariaDbBinaries binaries) {
        MariaDbServer primary = MariaDbServer.start(binaries, 1);
        MariaDbServer replica = null;
        try {
            replica = MariaDbServer.start(binaries, 2);
            try (Connection p = primary.connect(); Statement s = p.createStatement()) {
                s.execute("CREATE USER '" + REPLICATION_USER + "'@'%' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'%'");
            }
            try (Connection r = replica.connect(); Statement s = r.createStatement()) {
                s.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port() + ", MASTER_USER='"
                        + REPLICATION_USER + "', MASTER_PASSWORD='" + REPLICATION_PASSWORD + "', MASTER_USE_GTID=slave_pos");
                s.execute("START SLAVE");
            }
            ReplicationPair pair = new ReplicationPair(primary, replica);
            pair.awaitRunning();
            return pair;
        } catch (SQLException | RuntimeException e) {
            primary.close();
            if (replica != null) {
                replica.close();
            }
            throw e instanceof RuntimeException r ? r : new SqlBackupException("cannot set up replication: " + e.getMessage());
        }
    }

    public MariaDbServer primary() {
        return primary;
    }

    public MariaDbServer replica() {
        return replica;
    }

    private void awaitRunning() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                    if (rs.next() && "Yes".equals(rs.getString("Slave_IO_Running")) && "Yes".equals(rs.getString("Slave_SQL_Running"))) {
                        return;
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new SqlBackupException("replication did not start within 30 s");
    }

    /** Waits until the replica has applied everything the primary has written so far. */
    public void awaitReplicaCaughtUp() throws SQLException {
        String position;
        try (Connection p = primary.connect(); Statement s = p.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            rs.next();
            position = rs.getString(1);
        }
        try (Connection r = replica.connect(); Statement s = r.createStatement();
             ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + position + "', 120)")) {
            rs.next();
            if (rs.getInt(1) != 0) {
                throw new SqlBackupException("the replica did not reach the primary's position " + position + " within 120 s");
            }
        }
    }

    @Override
    public void close() {
        try {
            replica.close();
        } finally {
            primary.close();
        }
    }
}
