package io.sqlbackup.dump;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Quoting, escaping and value forms for the data files, so that myloader and the mariadb client
 * both load every value back to the bytes it had.
 *
 * <p>Data files start with {@code SET NAMES utf8mb4}, where mydumper 0.10 writes {@code SET NAMES
 * binary}. Text therefore never travels through a character set conversion: it is read as the
 * column's own bytes and written with a {@code _binary} introducer, which the server stores as
 * they are in a column of any character set. A conversion to utf8mb4 and back is not the
 * identity: bytes that a character set leaves unmapped (0x81 in cp1250) come back as {@code ?},
 * cp932 has several codes for one character and keeps only one of them, and utf8mb4 columns accept
 * encoded surrogates (ED A0 80) that no Unicode decoder passes through.
 */
final class SqlText {

    /** How a column's values are selected, read and written. */
    enum Form {
        /** Integers, DECIMAL, DOUBLE, YEAR: the server's text, written bare; it is exact. */
        NUMBER,
        /** FLOAT: read as the DOUBLE of the same value (see {@link #selectExpression}), written bare. */
        FLOAT,
        /** Byte strings, BIT and geometry: raw bytes, written {@code _binary"..."}. */
        BYTES,
        /** Character strings and JSON: the column's own bytes, unconverted, written {@code _binary"..."}. */
        TEXT,
        /** ENUM and SET: the member names, or the number where the names print as an empty string. */
        MEMBERS,
        /** Dates, times, UUID, INET4/6 and any other type: the server's text form, quoted. */
        PRINTED
    }

    private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "double", "real", "year");

    private static final Set<String> BYTES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection");

    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json");

    private static final Set<String> MEMBERS = Set.of("enum", "set");

    /** First byte of a MEMBERS value as selected: the rest is the member names, or the number. */
    static final byte NAMES_TAG = '=';
    static final byte NUMBER_TAG = '#';

    /**
     * A FLOAT negative zero is written as this: the server turns a written {@code -0} or {@code -0e0}
     * into +0, while a negative double too small for a FLOAT is stored as -0 (and it is how such a
     * zero gets into a FLOAT column in the first place). DOUBLE columns never hold -0.
     */
    static final String FLOAT_NEGATIVE_ZERO = "-1e-60";

    private SqlText() {
    }

    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String qualified(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }

    static Form form(String dataType) {
        String type = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(type)) {
            return Form.NUMBER;
        }
        if ("float".equals(type)) {
            return Form.FLOAT;
        }
        if (BYTES.contains(type)) {
            return Form.BYTES;
        }
        if (TEXT.contains(type)) {
            return Form.TEXT;
        }
        if (MEMBERS.contains(type)) {
            return Form.MEMBERS;
        }
        return Form.PRINTED;
    }

    /**
     * What to select for a column so that {@link RowEncoder} can write it exactly.
     * <ul>
     * <li>FLOAT: the server prints a FLOAT with 6 significant digits, which does not load back to
     * the same value; as DOUBLE it prints the float's exact value, which does. The server prints a
     * negative zero as {@code 0}, so it is selected as {@link #FLOAT_NEGATIVE_ZERO} (ATAN2 tells
     * -0 from +0, which a comparison does not).</li>
     * <li>Text: {@code CAST(... AS BINARY)} hands over the column's bytes without converting them
     * to the connection's character set.</li>
     * <li>ENUM and SET: an empty name is ambiguous (the ENUM error value 0 and a member named
     * {@code ''} both print as {@code ''}, and so do an empty SET and one holding only a {@code ''}
     * member), so an empty name is selected as the number, which is exact. The value carries a
     * tag byte saying which it is.</li>
     * <li>Dates, times and the rest: as text, because Connector/J parses temporal values and
     * prints them again, which changes some (DATETIME '0000-01-01 ...' comes back as '0001-01-01 ...').</li>
     * </ul>
     */
    static String selectExpression(Catalog.Column column) {
        String id = identifier(column.name());
        return switch (form(column.dataType())) {
            case FLOAT -> "IF(" + id + " = 0 AND ATAN2(" + id + ", -1) < 0, " + FLOAT_NEGATIVE_ZERO + ", CAST(" + id + " AS DOUBLE))";
            case TEXT -> "CAST(" + id + " AS BINARY)";
            case MEMBERS -> "IF(CAST(" + id + " AS BINARY) = '', CONCAT('" + (char) NUMBER_TAG + "', " + id + " + 0), CONCAT('"
                    + (char) NAMES_TAG + "', CAST(" + id + " AS BINARY)))";
            case PRINTED -> "CAST(" + id + " AS CHAR)";
            case NUMBER, BYTES -> id;
        };
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends bytes as a double-quoted literal, escaping as mysql_real_escape_string does. Newlines
     * become {@code \n}, so a data line ends in {@code ;} only where a statement ends: myloader 0.10
     * splits statements at such lines. Escaping byte by byte is safe because the files' client
     * character set is utf8mb4, where the bytes of a multi-byte character are all 0x80 or above.
     */
    static void appendQuoted(ChunkBuffer out, byte[] value) {
        appendQuoted(out, value, 0);
    }

    /** As {@link #appendQuoted(ChunkBuffer, byte[])}, for the bytes of {@code value} from {@code from} on. */
    static void appendQuoted(ChunkBuffer out, byte[] value, int from) {
        out.append((byte) '"');
        int start = from;
        for (int i = from; i < value.length; i++) {
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

    /**
     * A CREATE statement (routine, trigger, event, view) as it can stand in a dump file: a {@code ;}
     * that ends a line inside it, outside strings, gets a space after it, as mydumper writes them.
     * myloader and the restore end a statement at a {@code ;} that ends a line, so a body of
     * several statements stays one statement. Strings inside the body are left exactly as they are.
     */
    static byte[] lineSafe(byte[] create) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(create.length + 16);
        byte quote = 0;
        boolean escaped = false;
        for (int i = 0; i < create.length; i++) {
            byte b = create[i];
            out.write(b);
            if (quote != 0) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\' && quote != '`') {
                    escaped = true;
                } else if (b == quote) {
                    quote = 0;
                }
            } else if (b == '\'' || b == '"' || b == '`') {
                quote = b;
            } else if (b == ';' && i + 1 < create.length && create[i + 1] == '\n') {
                out.write(' ');
            }
        }
        return out.toByteArray();
    }
}
