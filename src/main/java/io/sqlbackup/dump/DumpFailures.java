package io.sqlbackup.dump;

import io.sqlbackup.server.ServerAccess;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Turns a failed dump query into a message that says which object failed, why, and what to do. */
final class DumpFailures {

    private static final int TABLE_DEFINITION_CHANGED = 1412;
    private static final int NO_SUCH_TABLE = 1146;
    private static final int QUERY_INTERRUPTED = 1317;
    private static final int CONNECTION_KILLED = 1927;

    private DumpFailures() {
    }

    static DumpException explain(ServerAccess source, DumpTask task, SQLException e) {
        String server = "the " + source.role() + " server at " + source.address();
        if (MissingPrivilegeException.isAccessDenied(e)) {
            return MissingPrivilegeException.of(source, "read " + task.reading(), grantFor(task), e);
        }
        if (e.getErrorCode() == TABLE_DEFINITION_CHANGED) {
            return new DumpException(task.reading() + " was altered or re-created on " + server + " after the dump's snapshot was taken, "
                    + "so its rows can no longer be read as they were then: no backup was stored; run it again when no schema "
                    + "change is running", source.urlKey(), e);
        }
        if (e.getErrorCode() == NO_SUCH_TABLE) {
            return new DumpException(task.reading() + " was dropped or renamed on " + server + " during the dump (" + e.getMessage()
                    + "): no backup was stored; run it again when no schema change is running", source.urlKey(), e);
        }
        if (isConnectionLost(e)) {
            return new DumpException("lost the connection to " + server + " while dumping " + task.reading() + " (" + ServerAccess.firstLine(e.getMessage())
                    + "): the server stopped, restarted or killed the session; no backup was stored; run it again once the "
                    + "server is up", source.urlKey(), e);
        }
        return new DumpException("the dump of " + task.reading() + " from " + server + " failed: " + ServerAccess.firstLine(e.getMessage()),
                source.urlKey(), e);
    }

    private static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || (state != null && state.startsWith("08")) || e.getErrorCode() == QUERY_INTERRUPTED
                || e.getErrorCode() == CONNECTION_KILLED || e.getErrorCode() == 2013 || e.getErrorCode() == 2006;
    }

    private static String grantFor(DumpTask task) {
        return task.object.startsWith("the views") ? "SHOW VIEW, TRIGGER, EVENT" : "SELECT";
    }
}
