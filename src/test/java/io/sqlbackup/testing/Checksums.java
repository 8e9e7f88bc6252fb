package io.sqlbackup.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checksum of every base table in some databases, to compare a source with a restore:
 * {@code CHECKSUM TABLE ... EXTENDED}, except for tables with generated columns. For those MariaDB
 * 10.11 gives different CHECKSUM TABLE results for identical tables (tried here: two fresh tables
 * with the same definition and rows disagree, VIRTUAL or STORED), so they get an order-independent
 * digest of every column's value instead, generated columns included.
 */
public final class Checksums {

    private Checksums() {
    }

    public static Map<String, Long> of(Connection c, String... databases) throws SQLException {
        Map<String, Long> sums = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String db : databases) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                        + db + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    List<String> generated = columns(s, db, t, "IS_GENERATED <> 'NEVER'");
                    String sql = generated.isEmpty() ? "CHECKSUM TABLE `" + db + "`.`" + t + "` EXTENDED" : rowDigest(s, db, t);
                    try (ResultSet rs = s.executeQuery(sql)) {
                        rs.next();
                        sums.put(db + "." + t, rs.getLong(2));
                    }
                }
            }
        }
        return sums;
    }

    private static List<String> columns(Statement s, String db, String table, String condition) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = '" + table + "' AND " + condition + " ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** SELECT 'name', digest: XOR over rows of 64 bits of MD5 over every column's hex value and NULL flag. */
    private static String rowDigest(Statement s, String db, String table) throws SQLException {
        StringBuilder row = new StringBuilder("CONCAT_WS('|'");
        for (String c : columns(s, db, table, "1 = 1")) {
            row.append(", ISNULL(`").append(c).append("`), HEX(`").append(c).append("`)");
        }
        row.append(")");
        return "SELECT '" + table + "', CAST(BIT_XOR(CAST(CONV(LEFT(MD5(" + row + "), 16), 16, 10) AS UNSIGNED)) AS SIGNED)"
                + " FROM `" + db + "`.`" + table + "`";
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
