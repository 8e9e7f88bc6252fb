package io.sqlbackup.load;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps restored events from running before the restore is complete, then lets them run where
 * they belong. Right after the load, every enabled event is set {@code DISABLE ON SLAVE}, on both
 * targets: an event firing during the row check, or before {@code RESET MASTER}, would write rows
 * the replica never gets. When the whole restore has succeeded, the primary's events are enabled;
 * the replica's stay {@code DISABLE ON SLAVE}, as replication leaves them (a backup of the replica
 * holds them that way, too). Events the archive holds DISABLED stay disabled.
 */
final class EventStates {

    private EventStates() {
    }

    /** After the load: enabled events wait. Returns what was changed, or null. */
    static String hold(Statement s, Collection<String> databases) throws SQLException {
        List<String> changed = alter(s, databases, "ENABLED", "DISABLE ON SLAVE");
        return changed.isEmpty() ? null : "held " + changed.size() + " enabled event" + (changed.size() == 1 ? "" : "s")
                + " (DISABLE ON SLAVE) until the restore is complete: " + TargetLoad.shortList(changed);
    }

    /** When the restore is complete, on the primary: events run again. Returns what was changed, or null. */
    static String release(Statement s, Collection<String> databases) throws SQLException {
        List<String> changed = alter(s, databases, "SLAVESIDE_DISABLED", "ENABLE");
        return changed.isEmpty() ? null : "enabled " + changed.size() + " event" + (changed.size() == 1 ? "" : "s") + ": "
                + TargetLoad.shortList(changed);
    }

    private static List<String> alter(Statement s, Collection<String> databases, String status, String to) throws SQLException {
        List<String[]> events = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS WHERE STATUS = '" + status + "'")) {
            while (rs.next()) {
                if (databases.contains(rs.getString(1))) {
                    events.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<String> changed = new ArrayList<>();
        for (String[] e : events) {
            s.execute("ALTER EVENT " + TableName.quote(e[0]) + "." + TableName.quote(e[1]) + " " + to);
            changed.add(e[0] + "." + e[1]);
        }
        return changed;
    }
}
