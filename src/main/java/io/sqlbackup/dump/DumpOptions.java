package io.sqlbackup.dump;

import java.util.List;
import java.util.Set;

/**
 * What to dump and in which pieces.
 *
 * @param databases     databases to include; empty means every user database
 * @param exclude       databases to leave out
 * @param chunkSize     bytes of one data file; also the memory one dump connection holds
 * @param statementSize bytes of one multi-row INSERT, as mydumper's --statement-size
 */
public record DumpOptions(List<String> databases, List<String> exclude, long chunkSize, long statementSize) {

    /** Schemas that hold server state, not data: never dumped as databases. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "performance_schema", "sys", "mysql");

    public boolean includes(String database) {
        if (SYSTEM_SCHEMAS.contains(database.toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        if (exclude.contains(database)) {
            return false;
        }
        return databases.isEmpty() || databases.contains(database);
    }
}
