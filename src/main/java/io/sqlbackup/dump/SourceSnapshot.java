package io.sqlbackup.dump;

import io.sqlbackup.replication.BinlogCoordinates;
import io.sqlbackup.replication.ReplicaCoordinates;
import io.sqlbackup.replication.SnapshotCoordinates;
import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent view of the source: a dump session in a REPEATABLE READ snapshot, and the binlog
 * (and replica) coordinates that match it exactly. Commits are blocked ({@code BACKUP STAGE
 * BLOCK_COMMIT}) only while the snapshot is opened and the coordinates are read, normally a few
 * milliseconds; the lock is logged with how long it was held.
 */
public final class SourceSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSnapshot.class);

    private final Connection session;
    private final SnapshotCoordinates coordinates;
    private final Instant started;
    private final String serverVersion;

    private SourceSnapshot(Connection session, SnapshotCoordinates coordinates, Instant started, String serverVersion) {
        this.session = session;
        this.coordinates = coordinates;
        this.started = started;
        this.serverVersion = serverVersion;
    }

    public static SourceSnapshot open(ServerAccess source) {
        Connection session = source.connect();
        try (Connection control = source.connect(); Statement c = control.createStatement(); Statement d = session.createStatement()) {
            // The server would otherwise drop a dump session whose reader (the upload) pauses for a minute.
            d.execute("SET SESSION net_write_timeout = 86400, net_read_timeout = 86400, wait_timeout = 86400");
            d.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            String version = scalar(d, "SELECT VERSION()");
            long lockStart = System.nanoTime();
            lock(c, source);
            SnapshotCoordinates coordinates;
            Instant started;
            try {
                d.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                started = Instant.now();
                coordinates = new SnapshotCoordinates(serverPosition(c), replicaPosition(c));
            } finally {
                c.execute("BACKUP STAGE END");
            }
            Duration held = Duration.ofNanos(System.nanoTime() - lockStart);
            LOG.info("Snapshot of {} taken; commits were blocked for {} ms (BACKUP STAGE BLOCK_COMMIT)", source, held.toMillis());
            return new SourceSnapshot(session, coordinates, started, version);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new DumpException("cannot take a consistent snapshot of the " + source.role() + " server at "
                    + source.address() + ": " + e.getMessage(), source.urlKey(), e);
        }
    }

    /** How long the control session may wait for BACKUP STAGE while other sessions hold table locks. */
    private static final int LOCK_WAIT_SECONDS = 60;

    private static void lock(Statement control, ServerAccess source) throws SQLException {
        try {
            // The server default is a day; waiting that long for a lock would stall the source's commits as long.
            control.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            control.execute("BACKUP STAGE START");
            control.execute("BACKUP STAGE BLOCK_COMMIT");
        } catch (SQLException e) {
            if (e.getErrorCode() == 1227 || e.getErrorCode() == 1044) {
                throw new DumpException("user '" + source.user() + "' on the " + source.role() + " server may not run BACKUP STAGE: "
                        + "GRANT RELOAD, BINLOG MONITOR, SLAVE MONITOR, SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* to it, "
                        + "or set sqlbackup." + source.role() + ".user to a user that has them",
                        "sqlbackup." + source.role() + ".user", e);
            }
            if (e.getErrorCode() == 1205) {
                throw new DumpException("the " + source.role() + " server at " + source.address() + " did not grant BACKUP STAGE within "
                        + LOCK_WAIT_SECONDS + " s: a long statement or LOCK TABLES holds table locks there; the backup was not taken, "
                        + "retry when it is done", source.urlKey(), e);
            }
            throw e;
        }
    }

    private static BinlogCoordinates serverPosition(Statement control) throws SQLException {
        String gtid = scalar(control, "SELECT @@GLOBAL.gtid_binlog_pos");
        try (ResultSet rs = control.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                return null;
            }
            return new BinlogCoordinates(rs.getString("File"), rs.getLong("Position"), gtid == null ? "" : gtid);
        }
    }

    private static ReplicaCoordinates replicaPosition(Statement control) throws SQLException {
        String gtid = scalar(control, "SELECT @@GLOBAL.gtid_slave_pos");
        try (ResultSet rs = control.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return null;
            }
            return new ReplicaCoordinates(rs.getString("Master_Host"), rs.getString("Relay_Master_Log_File"),
                    rs.getLong("Exec_Master_Log_Pos"), gtid == null ? "" : gtid);
        }
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    public Connection session() {
        return session;
    }

    public SnapshotCoordinates coordinates() {
        return coordinates;
    }

    public Instant started() {
        return started;
    }

    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.debug("closing the dump session failed", e);
        }
    }
}
