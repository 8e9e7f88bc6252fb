package io.sqlbackup.dump;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Quoting and escaping as mydumper writes them, so myloader and the mysql client read our files alike. */
final class SqlText {

    /** Types whose text form is written bare; everything else is a quoted, escaped string. */
    private static final Set<String> BARE = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "year");

    /**
     * Types whose values are bytes, not text: written as {@code _binary"..."} so the server takes the
     * bytes as they are, whatever the connection's character set (our files say SET NAMES utf8mb4,
     * and text columns arrive from the server as utf8mb4).
     */
    private static final Set<String> BYTES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection");

    private SqlText() {
    }

    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String qualified(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }

    /**
     * What to select for a column. The server prints FLOAT with 6 significant digits, which does not
     * load back to the same value; as DOUBLE it prints the float's exact value, which does.
     */
    static String selectExpression(Catalog.Column column) {
        String id = identifier(column.name());
        return "float".equalsIgnoreCase(column.dataType()) ? "CAST(" + id + " AS DOUBLE)" : id;
    }

    static boolean isBare(String dataType) {
        return BARE.contains(dataType.toLowerCase(Locale.ROOT));
    }

    static boolean isBytes(String dataType) {
        return BYTES.contains(dataType.toLowerCase(Locale.ROOT));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends a value's raw bytes as a double-quoted literal, escaping as mysql_real_escape_string
     * does. Newlines become {@code \n}, so a data line ends in {@code ;} only where a statement ends:
     * myloader 0.10 splits statements at such lines.
     */
    static void appendQuoted(ChunkBuffer out, byte[] value) {
        out.append((byte) '"');
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            byte escaped = switch (value[i]) {
                case 0 -> (byte) '0';
                case '\n' -> (byte) 'n';
                case '\r' -> (byte) 'r';
                case '\\' -> (byte) '\\';
                case '\'' -> (byte) '\'';
                case '"' -> (byte) '"';
                case 0x1a -> (byte) 'Z';
                default -> 0;
            };
            if (escaped != 0) {
                out.append(value, start, i - start);
                out.append((byte) '\\');
                out.append(escaped);
                start = i + 1;
            }
        }
        out.append(value, start, value.length - start);
        out.append((byte) '"');
    }
}
