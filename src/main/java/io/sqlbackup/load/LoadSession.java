package io.sqlbackup.load;

import io.sqlbackup.server.ServerAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection that loads into a target. Writes bypass the binary log ({@code sql_log_bin=0}:
 * a restore is not to be replicated; the replica is loaded from the archive too), and foreign key
 * and unique checks are off, as the data was consistent when dumped. Statements autocommit:
 * they are about a megabyte each, so commits are few, and a deadlock retry needs only the one
 * statement.
 */
final class LoadSession implements AutoCloseable {

    /** What every file starts from; a file's own SETs come after it. */
    static final String BASELINE = "SET SESSION character_set_client = utf8mb4, SESSION character_set_connection = utf8mb4, "
            + "SESSION character_set_results = utf8mb4, SESSION collation_connection = utf8mb4_general_ci, "
            + "SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', SESSION time_zone = '+00:00', "
            + "SESSION foreign_key_checks = 0, SESSION unique_checks = 0";

    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int RETRIES = 3;

    private final ServerAccess target;
    private final Connection connection;
    private final Statement statement;
    private LoadContext context;
    private String database;

    LoadSession(ServerAccess target) throws SQLException {
        this.target = target;
        this.connection = target.connect();
        try {
            statement = connection.createStatement();
            // Dump text is sent as it is: "{fn ...}" or "{d '...'}" inside a value must not be rewritten by the driver.
            statement.setEscapeProcessing(false);
            try {
                statement.execute("SET SESSION sql_log_bin = 0");
            } catch (SQLException e) {
                throw new TargetAccessException("the " + target.role() + " " + target.address() + " refuses SET sql_log_bin = 0 ("
                        + e.getMessage() + "): the restore user needs BINLOG ADMIN (or SUPER) so the load is not written "
                        + "to the binary log; GRANT BINLOG ADMIN ON *.* TO '" + target.user() + "'@'%'", target.passwordKey(), e);
            }
            statement.execute(BASELINE);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Puts the file's session in place, unless this connection is already in it. */
    void use(LoadContext wanted) throws SQLException {
        if (wanted == context) {
            return;
        }
        statement.execute(BASELINE);
        if (wanted.database() != null && !wanted.database().equals(database)) {
            statement.execute("USE " + TableName.quote(wanted.database()));
            database = wanted.database();
        }
        for (SqlStatement setting : wanted.settings()) {
            statement.execute(SetNames.translate(StatementText.of(setting, wanted.file()), wanted.file()));
        }
        context = wanted;
    }

    /** The session was changed by statements outside a context: the next {@link #use} sets it up afresh. */
    void forgetContext() {
        context = null;
        database = null;
    }

    /** Runs one statement of the file, again after a deadlock or lock wait timeout. */
    void execute(SqlStatement sql, String file) throws SQLException {
        execute(text(sql, file));
    }

    /** The text to send for a statement of a file. */
    static String text(SqlStatement sql, String file) {
        String text = StatementText.of(sql, file);
        return sql.isSessionSetting() ? SetNames.translate(text, file) : text;
    }

    /** Runs a statement, again after a deadlock or lock wait timeout. */
    void execute(String text) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(text);
                return;
            } catch (SQLException e) {
                boolean transientLock = e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
                if (!transientLock || attempt == RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** For the load's own statements (DROP DATABASE, ALTER EVENT, ...), outside any file's context. */
    Statement plain() throws SQLException {
        context = null;
        database = null; // its statements may drop the current database
        return statement;
    }

    Connection connection() {
        context = null;
        database = null;
        return connection;
    }

    ServerAccess target() {
        return target;
    }

    /**
     * Stops the statement this connection runs now, on the server: the driver sends KILL QUERY on a
     * connection of its own. Closing the socket alone would leave a long statement (an ALTER TABLE
     * adding a key) running there, holding its metadata lock against the DROP DATABASE of a rerun.
     */
    void cancel() {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // the server is gone or the statement has ended: nothing runs there to stop
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the connection may be the one that failed
        }
    }
}
