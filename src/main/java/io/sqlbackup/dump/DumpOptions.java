package io.sqlbackup.dump;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What to dump, how, and in which pieces.
 *
 * @param databases            patterns of databases (or DB.TABLE) to include; empty means every user database
 * @param exclude              patterns of databases or DB.TABLE to leave out
 * @param chunkSize            bytes of one data file; a dump connection holds about twice this much memory
 * @param statementSize        bytes of one multi-row INSERT, as mydumper's --statement-size
 * @param threads              dump connections, each in the same snapshot
 * @param maxReplicaLag        a replica source further behind than this is not dumped
 * @param lockNonTransactional keep commits blocked until MyISAM/Aria tables are dumped, so they match the snapshot
 * @param accounts             dump users, roles and grants to {@code sqlbackup-accounts.txt}
 */
public record DumpOptions(List<NamePattern> databases, List<NamePattern> exclude, long chunkSize, long statementSize,
                          int threads, Duration maxReplicaLag, boolean lockNonTransactional, boolean accounts) {

    /** Schemas that hold server state, not data: never dumped as databases. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "performance_schema", "sys", "mysql");

    public DumpOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("sqlbackup.dump.threads must be at least 1, got " + threads);
        }
    }

    /** Whether anything of the database may be dumped. */
    public boolean includesDatabase(String database) {
        if (SYSTEM_SCHEMAS.contains(database.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (exclude.stream().anyMatch(p -> p.matchesDatabase(database))) {
            return false;
        }
        return databases.isEmpty() || databases.stream().anyMatch(p -> p.mayMatchIn(database));
    }

    /** Whether the table (or view, sequence) is dumped. */
    public boolean includesTable(String database, String table) {
        if (!includesDatabase(database) || exclude.stream().anyMatch(p -> p.matchesTable(database, table))) {
            return false;
        }
        return databases.isEmpty() || databases.stream().anyMatch(p -> p.matchesTable(database, table));
    }
}
