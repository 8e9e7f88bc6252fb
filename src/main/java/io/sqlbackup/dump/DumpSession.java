package io.sqlbackup.dump;

import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One dump connection: a session inside the shared snapshot, used by one dump worker at a time. */
public final class DumpSession {

    private final Connection connection;
    private final long connectionId;
    private final int number;
    private volatile boolean closed;

    private DumpSession(Connection connection, long connectionId, int number) {
        this.connection = connection;
        this.connectionId = connectionId;
        this.number = number;
    }

    static DumpSession open(ServerAccess source, int number) throws SQLException {
        Connection c = source.connect();
        try (Statement s = c.createStatement()) {
            // The server would otherwise drop a dump session whose reader (the upload) pauses for a minute.
            s.execute("SET SESSION net_write_timeout = 86400, net_read_timeout = 86400, wait_timeout = 86400");
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                return new DumpSession(c, rs.getLong(1), number);
            }
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    void startSnapshot() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    public Connection connection() {
        return connection;
    }

    long connectionId() {
        return connectionId;
    }

    int number() {
        return number;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing to do: the server ends the snapshot when the session goes.
        }
    }
}
