package io.sqlbackup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every value of a table in a form that shows each bit of it, row by row in primary key order, so
 * that a source and a restore are compared column by column and a difference names its row and
 * column: HEX of the bytes for strings, byte strings, BIT and geometry (so character set
 * conversions show); FLOAT and DOUBLE as the shortest decimal of their double value plus the sign
 * of zero; ENUM and SET as number and name; numbers, dates, times and the new types as their text.
 */
final class TableValues {

    /** One column of a table as information_schema describes it. */
    record Column(String name, String dataType, boolean primaryKey) {
    }

    /** The values of one row: its key and each compared column's value, NULL as null. */
    record Row(String key, List<String> values) {
    }

    /** The compared columns and rows of one table. */
    record Values(String table, List<String> columns, List<Row> rows) {
    }

    private static final Set<String> PRINTED = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "year",
            "date", "datetime", "timestamp", "time", "uuid", "inet4", "inet6");

    private TableValues() {
    }

    static List<Column> columns(Connection c, String db, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_KEY FROM information_schema.COLUMNS"
                     + " WHERE TABLE_SCHEMA = " + literal(db) + " AND TABLE_NAME = " + literal(table) + " ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), "PRI".equals(rs.getString(3))));
            }
        }
        return columns;
    }

    /** The values of the columns {@code compared} accepts; the table must have a primary key. */
    static Values read(Connection c, String db, String table, Predicate<Column> compared) throws SQLException {
        List<Column> all = columns(c, db, table);
        List<Column> key = all.stream().filter(Column::primaryKey).toList();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(db + "." + table + " has no primary key to line rows up by");
        }
        List<Column> chosen = all.stream().filter(compared).toList();
        StringBuilder sql = new StringBuilder("SELECT CONCAT_WS(','");
        for (Column k : key) {
            sql.append(", ").append(exact(k));
        }
        sql.append(")");
        for (Column col : chosen) {
            sql.append(", ").append(exact(col));
        }
        sql.append(" FROM ").append(id(db)).append('.').append(id(table)).append(" ORDER BY ");
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(id(key.get(i).name()));
        }
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery(sql.toString())) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < chosen.size(); i++) {
                        values.add(rs.getString(i + 2));
                    }
                    rows.add(new Row(rs.getString(1), values));
                }
            }
        }
        return new Values(table, chosen.stream().map(Column::name).toList(), rows);
    }

    /** An expression that shows every bit of the column's value, NULL for NULL. */
    static String exact(Column column) {
        String id = id(column.name());
        String type = column.dataType();
        if (type.equals("float") || type.equals("double")) {
            return "CONCAT(CAST(" + id + " AS DOUBLE), IF(" + id + " = 0 AND ATAN2(" + id + ", -1) < 0, ' (negative zero)', ''))";
        }
        if (type.equals("enum") || type.equals("set")) {
            return "CONCAT(" + id + " + 0, ' ', HEX(" + id + "))";
        }
        if (PRINTED.contains(type)) {
            return "CAST(" + id + " AS CHAR)";
        }
        return "HEX(" + id + ")";
    }

    /** The differences between a source's and a restore's reading of a table, one line per differing value. */
    static List<String> differences(Values expected, Values actual) {
        return differences("source", expected, "loaded", actual);
    }

    /** The differences between two readings of a table, named by their labels; empty when they are equal. */
    static List<String> differences(String expectedLabel, Values expected, String actualLabel, Values actual) {
        List<String> out = new ArrayList<>();
        if (!expected.columns().equals(actual.columns())) {
            out.add(expected.table() + ": columns differ: " + expected.columns() + " vs " + actual.columns());
            return out;
        }
        Map<String, Row> loaded = new LinkedHashMap<>();
        actual.rows().forEach(r -> loaded.put(r.key(), r));
        for (Row e : expected.rows()) {
            Row a = loaded.remove(e.key());
            if (a == null) {
                out.add(expected.table() + " row " + e.key() + ": not in " + actualLabel);
                continue;
            }
            for (int k = 0; k < e.values().size(); k++) {
                String want = e.values().get(k);
                String got = a.values().get(k);
                if (!Objects.equals(want, got)) {
                    out.add(expected.table() + " row " + e.key() + " column " + expected.columns().get(k) + ": " + expectedLabel + " "
                            + shorten(want) + ", " + actualLabel + " " + shorten(got));
                }
            }
        }
        loaded.keySet().forEach(key -> out.add(expected.table() + " row " + key + ": not in " + expectedLabel));
        return out;
    }

    /** A failure message listing the first differences, or null when there are none. */
    static String report(String what, List<String> differences) {
        if (differences.isEmpty()) {
            return null;
        }
        return differences.size() + " values differ " + what + ":\n  "
                + String.join("\n  ", differences.subList(0, Math.min(60, differences.size())));
    }

    private static String shorten(String value) {
        if (value == null) {
            return "NULL";
        }
        return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...' (" + value.length() + " chars)";
    }

    static String id(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
