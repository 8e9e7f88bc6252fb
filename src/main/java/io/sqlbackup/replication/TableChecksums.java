package io.sqlbackup.replication;

import io.sqlbackup.load.TableName;
import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A checksum of each restored table on one server, to compare primary with replica. Thousands of
 * small tables are the normal case, so tables are checked many to a statement:
 * {@code CHECKSUM TABLE a, b, c EXTENDED} gives one row per table in the order named.
 *
 * <p>Tables with generated columns are the exception. CHECKSUM TABLE walks every field of the row
 * buffer, but the storage engine fills in only stored columns (MariaDB's handler::calculate_checksum
 * calls use_all_stored_columns), so the bytes and NULL bits of VIRTUAL columns are whatever the
 * buffer held before: two servers with identical rows can disagree. Generated values are a function
 * of the other columns, so such a table is compared by a digest of its non-generated columns:
 * row count and the sum of a 64-bit MD5 prefix per row, a sum rather than an XOR so that duplicate
 * rows (tables without a key) do not cancel out. Each value enters as its bytes in hex (CAST AS
 * BINARY keeps numbers exact and strings in their own encoding) with a NULL flag.
 */
final class TableChecksums {

    /** Tables per CHECKSUM TABLE statement: few round trips, and statements far below max_allowed_packet. */
    static final int CHECKSUM_BATCH = 250;
    /** Tables per row-digest statement (a UNION ALL of one SELECT per table). */
    static final int DIGEST_BATCH = 25;
    /** A table the server does not have, or could not read; never equal to a real checksum. */
    static final String MISSING = "missing";
    /** Unknown database, table or column: this server's table is not the primary's. */
    private static final Set<Integer> TABLE_OR_COLUMN_MISSING = Set.of(1049, 1146, 1054);

    private final Map<TableName, List<String>> digestColumns;

    private TableChecksums(Map<TableName, List<String>> digestColumns) {
        this.digestColumns = digestColumns;
    }

    /** Looks up, on the primary, which of the tables have generated columns, and their other columns. */
    static TableChecksums plan(Connection primary, Collection<TableName> tables) throws SQLException {
        Map<TableName, List<String>> columns = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return new TableChecksums(columns);
        }
        String schemas = tables.stream().map(TableName::database).distinct().map(TableChecksums::literal)
                .collect(Collectors.joining(", "));
        TreeSet<TableName> wanted = new TreeSet<>(tables);
        TreeSet<TableName> generated = new TreeSet<>();
        try (Statement s = primary.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA IN (" + schemas + ") AND IS_GENERATED <> 'NEVER'")) {
                while (rs.next()) {
                    TableName t = new TableName(rs.getString(1), rs.getString(2));
                    if (wanted.contains(t)) {
                        generated.add(t);
                    }
                }
            }
            for (List<TableName> batch : batches(List.copyOf(generated), DIGEST_BATCH)) {
                String pairs = batch.stream().map(t -> "(" + literal(t.database()) + ", " + literal(t.table()) + ")")
                        .collect(Collectors.joining(", "));
                try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                        + " WHERE (TABLE_SCHEMA, TABLE_NAME) IN (" + pairs + ") AND IS_GENERATED = 'NEVER'"
                        + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                    while (rs.next()) {
                        columns.computeIfAbsent(new TableName(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                .add(rs.getString(3));
                    }
                }
            }
        }
        return new TableChecksums(columns);
    }

    /** How many tables are compared by row digest instead of CHECKSUM TABLE. */
    int digested() {
        return digestColumns.size();
    }

    /** Checksums of the tables on one server, by table; {@link #MISSING} where it has none. */
    Map<TableName, String> of(ServerAccess server, List<TableName> tables) throws SQLException {
        Map<TableName, String> sums = new LinkedHashMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            List<TableName> plain = tables.stream().filter(t -> !digestColumns.containsKey(t)).toList();
            for (List<TableName> batch : batches(plain, CHECKSUM_BATCH)) {
                checksumTable(s, batch, sums);
            }
            List<TableName> digest = tables.stream().filter(digestColumns::containsKey).toList();
            for (List<TableName> batch : batches(digest, DIGEST_BATCH)) {
                rowDigests(s, batch, sums);
            }
        }
        return sums;
    }

    private static void checksumTable(Statement s, List<TableName> batch, Map<TableName, String> sums) throws SQLException {
        String names = batch.stream().map(TableName::quoted).collect(Collectors.joining(", "));
        int i = 0;
        // One row per table, in the order named; a table the server lacks gives NULL and a warning.
        try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + names + " EXTENDED")) {
            while (rs.next() && i < batch.size()) {
                String sum = rs.getString(2);
                sums.put(batch.get(i++), sum == null ? MISSING : sum);
            }
        }
        if (i != batch.size()) {
            throw new SQLException("CHECKSUM TABLE returned " + i + " rows for " + batch.size() + " tables");
        }
    }

    private void rowDigests(Statement s, List<TableName> batch, Map<TableName, String> sums) throws SQLException {
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            selects.add(digestSelect(i, batch.get(i)));
        }
        try (ResultSet rs = s.executeQuery(String.join(" UNION ALL ", selects))) {
            while (rs.next()) {
                sums.put(batch.get(rs.getInt(1)), rs.getLong(2) + ":" + rs.getString(3));
            }
        } catch (SQLException e) {
            if (!TABLE_OR_COLUMN_MISSING.contains(e.getErrorCode())) {
                throw e;
            }
            if (batch.size() == 1) {
                sums.put(batch.get(0), MISSING);
                return;
            }
            // A table this server lacks (or lacks a column of) fails the whole UNION: find it one by one.
            for (TableName t : batch) {
                rowDigests(s, List.of(t), sums);
            }
        }
    }

    private String digestSelect(int index, TableName table) {
        StringBuilder row = new StringBuilder("CONCAT_WS('|'");
        for (String c : digestColumns.get(table)) {
            String col = TableName.quote(c);
            row.append(", ISNULL(").append(col).append("), HEX(CAST(").append(col).append(" AS BINARY))");
        }
        row.append(")");
        return "SELECT " + index + ", COUNT(*), COALESCE(SUM(CAST(CONV(LEFT(MD5(" + row + "), 16), 16, 10) AS UNSIGNED)), 0)"
                + " FROM " + table.quoted();
    }

    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
