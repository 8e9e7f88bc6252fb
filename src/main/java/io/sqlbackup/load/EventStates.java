package io.sqlbackup.load;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Puts restored events in the state their server's role needs. A backup is normally taken from the
 * replica, where replicated events are {@code DISABLE ON SLAVE}: loaded into the primary as they
 * are, they would never run again, so there they are enabled. On the replica an enabled event
 * would run beside the primary's and write twice, so there it is disabled on the slave, as
 * replication itself leaves events.
 */
final class EventStates {

    private EventStates() {
    }

    /** Returns what was changed, or null when nothing was. */
    static String settle(Statement s, Collection<String> databases, String role) throws SQLException {
        boolean primary = "primary".equals(role);
        String from = primary ? "SLAVESIDE_DISABLED" : "ENABLED";
        List<String> changed = new ArrayList<>();
        List<String[]> events = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS WHERE STATUS = '" + from + "'")) {
            while (rs.next()) {
                if (databases.contains(rs.getString(1))) {
                    events.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] e : events) {
            s.execute("ALTER EVENT " + TableName.quote(e[0]) + "." + TableName.quote(e[1]) + (primary ? " ENABLE" : " DISABLE ON SLAVE"));
            changed.add(e[0] + "." + e[1]);
        }
        if (changed.isEmpty()) {
            return null;
        }
        return (primary ? "enabled " : "disabled on the replica ") + changed.size() + " event" + (changed.size() == 1 ? "" : "s")
                + (primary ? " the replica had kept disabled: " : " so they run on the primary only: ") + TargetLoad.shortList(changed);
    }
}
