package io.sqlbackup.load;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.server.ServerAccess;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A server-wide named lock ({@code GET_LOCK}) a restore holds on each target from its first check
 * to its end. One sqlbackup process runs restores one at a time, but two processes (the service
 * and a command line, or two pods) must not restore into the same server at once: the second
 * would take the first's half-loaded databases, marked unfinished, for leftovers and replace them.
 * The lock lives as long as its session, so a process that dies releases it.
 */
public final class RestoreLock implements AutoCloseable {

    static final String NAME = "sqlbackup.restore";

    private final Connection session;

    private RestoreLock(Connection session) {
        this.session = session;
    }

    /** Takes the lock on the target at once, or fails saying who holds it. */
    public static RestoreLock take(ServerAccess target) {
        Connection c = null;
        try {
            c = target.connect();
            try (Statement s = c.createStatement()) {
                // the session idles for the whole restore; the server must not end it (and the lock) on wait_timeout
                s.execute("SET SESSION wait_timeout = 31536000");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GET_LOCK('" + NAME + "', 0)")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return new RestoreLock(c);
                }
            }
            String holder = holder(c);
            c.close();
            throw new SqlBackupException("another sqlbackup restore is running on the " + target.role() + " " + target.address()
                    + " (it holds the lock " + NAME + holder + "). Nothing was changed. Wait for it to end, or stop it, "
                    + "then run this restore again");
        } catch (SQLException e) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // closing after a failure
            }
            throw new TargetAccessException("cannot take the restore lock on the " + target.role() + " " + target.address()
                    + ": " + e.getMessage() + ". Check " + target.urlKey() + " and that the server is up", target.urlKey(), e);
        }
    }

    private static String holder(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.ID, p.HOST FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK('"
                     + NAME + "')")) {
            return rs.next() ? ", connection " + rs.getLong(1) + " from " + rs.getString(2) : "";
        }
    }

    @Override
    public void close() {
        try {
            try (Statement s = session.createStatement()) {
                s.execute("DO RELEASE_LOCK('" + NAME + "')");
            }
            session.close();
        } catch (SQLException e) {
            // the session may be gone already, and the lock with it
        }
    }
}
