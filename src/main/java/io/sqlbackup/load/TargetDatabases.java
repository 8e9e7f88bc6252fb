package io.sqlbackup.load;

import io.sqlbackup.server.ServerAccess;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user databases a restore target holds, and which of them an unfinished restore left.
 *
 * <p>While a restore loads a database, the database's comment says so ({@link #UNFINISHED},
 * followed by the comment it is to have). The mark is taken off only when the whole restore has
 * succeeded. A restore that failed half-way therefore leaves databases that say what they are,
 * and running the same command again replaces them instead of refusing a non-empty target.
 */
public final class TargetDatabases {

    /** Prefix of the comment of a database an unfinished restore is loading or left behind. */
    public static final String UNFINISHED = "sqlbackup: unfinished restore; ";
    /** Database comments are at most this long. */
    private static final int MAX_COMMENT = 1024;

    /** Server state, not user data. */
    public static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
    /** Written and dropped by the replication check; never user data. */
    public static final String REPLICATION_CHECK = "sqlbackup_restore_check";

    private final Map<String, String> comments;

    private TargetDatabases(Map<String, String> comments) {
        this.comments = comments;
    }

    /** Reads the target's user databases and their comments. */
    public static TargetDatabases read(ServerAccess target) {
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME, SCHEMA_COMMENT FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            Map<String, String> comments = new LinkedHashMap<>();
            while (rs.next()) {
                String name = rs.getString(1);
                if (!SYSTEM.contains(name.toLowerCase(java.util.Locale.ROOT)) && !REPLICATION_CHECK.equals(name)) {
                    comments.put(name, rs.getString(2) == null ? "" : rs.getString(2));
                }
            }
            return new TargetDatabases(comments);
        } catch (SQLException e) {
            throw new TargetAccessException("cannot read the databases of the " + target.role() + " " + target.address() + ": "
                    + e.getMessage() + ". Check " + target.urlKey() + " and that the server is up", target.urlKey(), e);
        }
    }

    public Collection<String> names() {
        return comments.keySet();
    }

    public boolean holds(String database) {
        return comments.containsKey(database);
    }

    /** True when the database was left by a restore that did not finish. */
    public boolean unfinished(String database) {
        String c = comments.get(database);
        return c != null && c.startsWith(UNFINISHED);
    }

    /** Databases within the scope (all, or the named ones) that hold data no unfinished restore left. */
    public List<String> occupied(Collection<String> scope) {
        List<String> out = new ArrayList<>();
        for (String db : comments.keySet()) {
            if ((scope == null || scope.contains(db)) && !unfinished(db)) {
                out.add(db);
            }
        }
        return out;
    }

    /** Databases within the scope that an unfinished restore left. */
    public List<String> leftUnfinished(Collection<String> scope) {
        return comments.keySet().stream().filter(db -> (scope == null || scope.contains(db)) && unfinished(db)).toList();
    }

    /** Marks a database as being restored, keeping the comment it is to have after the mark. */
    static void markUnfinished(Statement s, String database) throws SQLException {
        String current = comment(s, database);
        String marked = UNFINISHED + current;
        if (marked.length() > MAX_COMMENT) {
            // cannot keep both: the database stays unmarked, and a rerun after a failure needs overwrite
            return;
        }
        s.execute("ALTER DATABASE " + TableName.quote(database) + " COMMENT = " + literal(marked));
    }

    /** Takes the mark off, leaving the database's own comment. */
    static boolean clearMark(Statement s, String database) throws SQLException {
        String current = comment(s, database);
        if (current == null || !current.startsWith(UNFINISHED)) {
            return false;
        }
        s.execute("ALTER DATABASE " + TableName.quote(database) + " COMMENT = " + literal(current.substring(UNFINISHED.length())));
        return true;
    }

    private static String comment(Statement s, String database) throws SQLException {
        try (PreparedStatement p = s.getConnection().prepareStatement(
                "SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            p.setString(1, database);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? (rs.getString(1) == null ? "" : rs.getString(1)) : null;
            }
        }
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
