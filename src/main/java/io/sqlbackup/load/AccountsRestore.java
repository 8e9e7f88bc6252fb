package io.sqlbackup.load;

import io.sqlbackup.manifest.AccountsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code sqlbackup-accounts.txt} to a target. Accounts and roles the target already has
 * are left exactly as they are: they are the target's own (root, the account sqlbackup connects
 * with, the replication user), and replacing them from the archive could lock sqlbackup or
 * replication out. Every other account and role is created with its grants, then default roles
 * are set for the accounts created.
 */
final class AccountsRestore {

    private static final Logger LOG = LoggerFactory.getLogger(AccountsRestore.class);

    private AccountsRestore() {
    }

    /** Returns a one-line summary; accounts that cannot be created are named in it and in the log. */
    static String apply(Statement s, String text) throws SQLException {
        AccountsFile file = AccountsFile.parse(text);
        Set<String> existing = new HashSet<>();
        try (ResultSet rs = s.executeQuery("SELECT User, Host FROM mysql.user")) {
            while (rs.next()) {
                existing.add(key(rs.getString(1), rs.getString(2)));
            }
        }
        for (String statement : file.session()) {
            s.execute(statement);
        }
        int created = 0;
        List<String> kept = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Set<String> createdKeys = new HashSet<>();
        for (AccountsFile.Group group : file.accounts()) {
            AccountsFile.Account a = group.account();
            String key = key(a.user(), a.role() ? "" : a.host());
            if (existing.contains(key)) {
                kept.add(a.label());
                continue;
            }
            try {
                for (String statement : group.statements()) {
                    s.execute(statement);
                }
                created++;
                createdKeys.add(key);
            } catch (SQLException e) {
                failed.add(a.label() + ": " + withoutStatement(e));
                LOG.warn("Account {} from the archive was not restored: {}", a.label(), withoutStatement(e));
            }
        }
        for (AccountsFile.Group group : file.defaultRoles()) {
            AccountsFile.Account a = group.account();
            if (!createdKeys.contains(key(a.user(), a.role() ? "" : a.host()))) {
                continue;
            }
            try {
                for (String statement : group.statements()) {
                    s.execute(statement);
                }
            } catch (SQLException e) {
                failed.add(a.label() + " (default role): " + withoutStatement(e));
            }
        }
        StringBuilder b = new StringBuilder("created ").append(created).append(" account").append(created == 1 ? "" : "s")
                .append(" and roles");
        if (!kept.isEmpty()) {
            b.append(", kept ").append(kept.size()).append(" the server already had as they are (")
                    .append(TargetLoad.shortList(kept)).append(")");
        }
        if (!failed.isEmpty()) {
            b.append("; NOT restored: ").append(String.join("; ", failed.subList(0, Math.min(5, failed.size()))))
                    .append(failed.size() > 5 ? "; ..." : "").append(" (apply them by hand from ").append(AccountsFile.NAME)
                    .append(" after fixing the cause)");
        }
        return b.toString();
    }

    /** The server's message without the statement text it may quote ("near '...'"), which can hold a password hash. */
    static String withoutStatement(SQLException e) {
        String m = e.getMessage() == null ? "error " + e.getErrorCode() : e.getMessage();
        int near = m.indexOf(" near '");
        return near < 0 ? m : m.substring(0, near) + " (statement not shown: it may hold a password hash)";
    }

    private static String key(String user, String host) {
        return user + "\u0000" + (host == null ? "" : host);
    }
}
