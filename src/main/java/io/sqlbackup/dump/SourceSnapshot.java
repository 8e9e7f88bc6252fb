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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent view of the source: {@code threads} dump sessions, each in a REPEATABLE READ
 * snapshot opened at the same instant, the binlog (and replica) coordinates that match it, and
 * the catalog of what it holds.
 * <p>
 * Commits are blocked ({@code BACKUP STAGE BLOCK_COMMIT}) only while the sessions open their
 * snapshots and the coordinates are read, normally a few milliseconds. When MyISAM or Aria
 * tables are dumped under the lock ({@code sqlbackup.dump.lock-non-transactional}), the lock is
 * kept until {@link #releaseLock()}. The catalog is read before the lock, so a long catalog read
 * of a large farm never blocks commits; DDL counters, compared under the lock, tell whether a
 * table was created, dropped or altered in between, in which case the catalog is read again.
 */
public final class SourceSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSnapshot.class);

    /** How long the control session may wait for BACKUP STAGE while other sessions hold table locks. */
    private static final int LOCK_WAIT_SECONDS = 60;
    private static final int ATTEMPTS = 5;
    private static final String DDL_COUNTERS = "SELECT COALESCE(SUM(VARIABLE_VALUE), 0) FROM information_schema.GLOBAL_STATUS "
            + "WHERE VARIABLE_NAME IN ('COM_CREATE_TABLE', 'COM_DROP_TABLE', 'COM_ALTER_TABLE', 'COM_RENAME_TABLE', "
            + "'COM_TRUNCATE', 'COM_CREATE_DB', 'COM_DROP_DB', 'COM_ALTER_DB', 'COM_CREATE_VIEW', 'COM_DROP_VIEW', "
            + "'COM_CREATE_INDEX', 'COM_DROP_INDEX', 'COM_CREATE_SEQUENCE', 'COM_DROP_SEQUENCE', 'COM_ALTER_SEQUENCE')";

    private final ServerAccess source;
    private final Connection control;
    private final List<DumpSession> sessions;
    private final SnapshotCoordinates coordinates;
    private final Instant started;
    private final String serverVersion;
    private final Duration replicaLag;
    private final Catalog catalog;
    private final long lockedAt;
    private boolean locked;

    private SourceSnapshot(ServerAccess source, Connection control, List<DumpSession> sessions, SnapshotCoordinates coordinates,
                           Instant started, String serverVersion, Duration replicaLag, Catalog catalog, long lockedAt) {
        this.source = source;
        this.control = control;
        this.sessions = sessions;
        this.coordinates = coordinates;
        this.started = started;
        this.serverVersion = serverVersion;
        this.replicaLag = replicaLag;
        this.catalog = catalog;
        this.lockedAt = lockedAt;
        this.locked = true;
    }

    /** Opens the sessions and the snapshot; on return commits are still blocked until {@link #releaseLock()}. */
    public static SourceSnapshot open(ServerAccess source, DumpOptions options) {
        Connection control = source.connect();
        List<DumpSession> sessions = new ArrayList<>();
        try (Statement c = control.createStatement()) {
            c.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            String version = scalar(c, "SELECT VERSION()");
            Duration replicaLag = checked(source, "read the replication status (SHOW SLAVE STATUS)", "SLAVE MONITOR",
                    () -> ReplicaGuard.check(c, source, options.maxReplicaLag()));
            for (int i = 0; i < options.threads(); i++) {
                sessions.add(DumpSession.open(source, i));
            }
            for (int attempt = 1; ; attempt++) {
                long ddlBefore = checked(source, "read the server status (information_schema.GLOBAL_STATUS)", "SELECT",
                        () -> Long.parseLong(scalar(c, DDL_COUNTERS)));
                Catalog catalog = checked(source, "read the catalog (information_schema)", "SELECT",
                        () -> Catalog.read(sessions.get(0).connection(), options));
                catalog.requireNamedDatabases(options, source);
                long lockedAt = System.nanoTime();
                lock(c, source);
                if (Long.parseLong(scalar(c, DDL_COUNTERS)) != ddlBefore) {
                    c.execute("BACKUP STAGE END");
                    if (attempt == ATTEMPTS) {
                        throw new DumpException("tables on the " + source.role() + " server at " + source.address()
                                + " were created, dropped or altered during each of " + ATTEMPTS + " attempts to start the dump: "
                                + "no backup was taken; run it again when no schema changes are running", source.urlKey(), null);
                    }
                    LOG.info("Tables changed on {} while the catalog was read; reading it again", source);
                    continue;
                }
                for (DumpSession session : sessions) {
                    session.startSnapshot();
                }
                Instant started = Instant.now();
                SnapshotCoordinates coordinates = new SnapshotCoordinates(
                        checked(source, "read the binlog position (SHOW MASTER STATUS)", "BINLOG MONITOR", () -> serverPosition(c)),
                        checked(source, "read the replication position (SHOW SLAVE STATUS)", "SLAVE MONITOR", () -> replicaPosition(c)));
                return new SourceSnapshot(source, control, List.copyOf(sessions), coordinates, started, version, replicaLag,
                        catalog, lockedAt);
            }
        } catch (SQLException | RuntimeException e) {
            sessions.forEach(DumpSession::close);
            closeQuietly(control, e);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new DumpException("cannot take a consistent snapshot of the " + source.role() + " server at "
                    + source.address() + ": " + e.getMessage(), source.urlKey(), e);
        }
    }

    /** Ends the lock; logs how long commits were blocked. Safe to call more than once and from any thread. */
    public synchronized void releaseLock() {
        if (!locked) {
            return;
        }
        locked = false;
        try (Statement c = control.createStatement()) {
            c.execute("BACKUP STAGE END");
        } catch (SQLException e) {
            // Closing the control session below ends the backup stage just as well.
            LOG.debug("BACKUP STAGE END failed; closing the control session", e);
        }
        LOG.info("Commits on {} were blocked for {} ms (BACKUP STAGE BLOCK_COMMIT)", source, (System.nanoTime() - lockedAt) / 1_000_000);
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T checked(ServerAccess source, String what, String grant, Query<T> query) throws SQLException {
        try {
            return query.run();
        } catch (SQLException e) {
            if (MissingPrivilegeException.isAccessDenied(e)) {
                throw MissingPrivilegeException.of(source, what, grant, e);
            }
            throw e;
        }
    }

    private static void lock(Statement control, ServerAccess source) throws SQLException {
        try {
            control.execute("BACKUP STAGE START");
            control.execute("BACKUP STAGE BLOCK_COMMIT");
        } catch (SQLException e) {
            if (MissingPrivilegeException.isAccessDenied(e)) {
                throw MissingPrivilegeException.of(source, "run BACKUP STAGE, which opens every snapshot at the same instant",
                        "RELOAD", e);
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

    public ServerAccess source() {
        return source;
    }

    public List<DumpSession> sessions() {
        return sessions;
    }

    public Catalog catalog() {
        return catalog;
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

    /** Replication lag of the source when the dump started; null when the source is no replica. */
    public Duration replicaLag() {
        return replicaLag;
    }

    /**
     * Stops the dump at once: queries still streaming rows are killed from a fresh session, since
     * closing a connection in the middle of a streamed result would first read all its rows.
     */
    public void abort() {
        List<Long> ids = sessions.stream().filter(s -> !s.isClosed()).map(DumpSession::connectionId).toList();
        if (!ids.isEmpty()) {
            try (Connection killer = source.connect(); Statement k = killer.createStatement()) {
                for (long id : ids) {
                    try {
                        k.execute("KILL CONNECTION " + id);
                    } catch (SQLException e) {
                        LOG.debug("KILL CONNECTION {} failed", id, e);
                    }
                }
            } catch (RuntimeException | SQLException e) {
                LOG.debug("cannot open a session to stop the dump sessions; closing them instead", e);
            }
        }
        close();
    }

    @Override
    public void close() {
        sessions.forEach(DumpSession::close);
        synchronized (this) {
            locked = false;
        }
        try {
            control.close();
        } catch (SQLException e) {
            LOG.debug("closing the control session failed", e);
        }
    }
}
