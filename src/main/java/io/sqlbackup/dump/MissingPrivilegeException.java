package io.sqlbackup.dump;

import io.sqlbackup.server.ServerAccess;
import java.sql.SQLException;

/** The dump user lacks a privilege the dump needs; the message names the grant that fixes it. */
public class MissingPrivilegeException extends DumpException {

    /** Every privilege a full dump uses, for the operator to grant in one statement. */
    static final String ALL_GRANTS = "GRANT SELECT, RELOAD, BINLOG MONITOR, SLAVE MONITOR, SHOW VIEW, TRIGGER, EVENT ON *.* TO";

    private MissingPrivilegeException(String message, SQLException cause) {
        super(message, "sqlbackup.source.user", cause);
    }

    /** Access-denied errors (1044, 1142, 1143, 1227, 1370): the server names what it wanted. */
    static boolean isAccessDenied(SQLException e) {
        int code = e.getErrorCode();
        return code == 1044 || code == 1142 || code == 1143 || code == 1227 || code == 1370 || code == 1045;
    }

    /**
     * @param source the server
     * @param what   what the dump was doing, e.g. "read the binlog position (SHOW MASTER STATUS)"
     * @param grant  the privilege that allows it, e.g. "BINLOG MONITOR"
     */
    static MissingPrivilegeException of(ServerAccess source, String what, String grant, SQLException cause) {
        return new MissingPrivilegeException("user '" + source.user() + "' on the " + source.role() + " server at "
                + source.address() + " may not " + what + " (" + cause.getMessage() + "): GRANT " + grant + " ON *.* TO '"
                + source.user() + "'@'ITS_HOST' (a dump needs: " + ALL_GRANTS + " it; before MariaDB 10.5, REPLICATION CLIENT "
                + "instead of BINLOG MONITOR and SLAVE MONITOR), or set sqlbackup." + source.role() + ".user to a user that has them",
                cause);
    }
}
