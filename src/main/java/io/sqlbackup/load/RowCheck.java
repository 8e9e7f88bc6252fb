package io.sqlbackup.load;

import io.sqlbackup.dump.Catalog;
import io.sqlbackup.dump.TableRowSums;
import io.sqlbackup.manifest.Manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a load, reads every restored table back and compares its row count and row checksum
 * with the manifest's. The sums are taken as the dump took them, from the target's rows, so a
 * row lost, doubled or changed on the way (a truncated value, a converted character) shows.
 */
final class RowCheck {

    private RowCheck() {
    }

    private static long storedCount(LoadSession session, TableName name) throws java.sql.SQLException {
        try (java.sql.Statement s = session.connection().createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name.quoted())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String run(LoadWorkers workers, ArchiveIndex index, LoadScope scope, String where)
            throws LoadWorkers.LoadFailure, InterruptedException {
        Map<TableName, Catalog.Table> restored = new HashMap<>();
        try {
            Catalog catalog = TableRowSums.catalog(workers.sessions().get(0).connection(), scope.databases());
            for (Catalog.Database d : catalog.databases()) {
                for (Catalog.Table t : d.tables()) {
                    restored.put(new TableName(t.database(), t.name()), t);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new LoadFailedException("cannot read the tables of " + where + " to check them: " + e.getMessage(), e);
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        long[] rows = new long[1];
        int checked = 0;
        for (Manifest.TableRecord record : index.manifestTables().values()) {
            if (!scope.includes(record.database()) || !"BASE TABLE".equals(record.type()) || record.checksum() == null) {
                continue;
            }
            TableName name = new TableName(record.database(), record.table());
            Catalog.Table table = restored.get(name);
            if (table == null) {
                problems.add(name + " is missing");
                continue;
            }
            checked++;
            workers.submit(new LoadWorkers.Work() {
                public void run(LoadSession session) throws Exception {
                    TableRowSums.Sum sum = TableRowSums.of(session.connection(), table);
                    synchronized (rows) {
                        rows[0] += sum.rows();
                    }
                    if (sum.rows() != record.rows() || !sum.checksum().equals(record.checksum())) {
                        problems.add(name + " has " + sum.rows() + " rows (" + sum.checksum() + "), the manifest says "
                                + record.rows() + " (" + record.checksum() + ")");
                    } else if (!table.transactional()) {
                        // Aria and MyISAM answer COUNT(*) from a stored count, which can disagree with the rows
                        long stored = storedCount(session, name);
                        if (stored != sum.rows()) {
                            problems.add(name + " holds " + sum.rows() + " rows but counts " + stored
                                    + " (CHECK TABLE calls it corrupt; REPAIR TABLE " + name.quoted() + " fixes the count)");
                        }
                    }
                }

                public String describe() {
                    return "checking " + name;
                }
            });
        }
        workers.awaitIdle();
        if (!problems.isEmpty()) {
            List<String> sorted = new ArrayList<>(problems);
            Collections.sort(sorted);
            throw new RowCheckFailedException(where + " does not hold what " + index.objectName() + " recorded, in "
                    + sorted.size() + " table" + (sorted.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", sorted.subList(0, Math.min(5, sorted.size()))) + (sorted.size() > 5 ? "; ..." : "")
                    + ". Do not use this server: restore again, or from another backup");
        }
        return checked + " tables, " + rows[0] + " rows: counts and " + Manifest.ROW_CHECKSUM + " sums equal the manifest's";
    }
}
