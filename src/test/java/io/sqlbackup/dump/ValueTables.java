package io.sqlbackup.dump;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Tables holding the values a dump most easily gets wrong: every byte value in byte strings and in
 * single-byte character sets, bytes a character set leaves unmapped, 4-byte UTF-8 and encoded
 * surrogates, NULL next to empty, DECIMAL(65,30), FLOAT and DOUBLE extremes, subnormals and a FLOAT
 * negative zero, BIT(1) and BIT(64), JSON, zero and partial zero dates, negative and long TIMEs,
 * TIMESTAMP(6), YEAR, ENUM and SET with odd and empty members, UUID/INET6/INET4, geometry,
 * generated columns, odd identifiers and a table whose name holds a dot and a dash.
 * Created with a permissive sql_mode, which zero dates and unmapped bytes need.
 */
final class ValueTables {

    /** A table name that mydumper's {@code DB.TABLE} file names cannot tell apart from a database, table and chunk. */
    static final String DOTTED_TABLE = "my.table-1";

    private static final Charset CP932 = Charset.forName("windows-31j");

    private ValueTables() {
    }

    /** Creates the tables in {@code database}, creating the database if needed; returns the table names. */
    static List<String> create(Connection c, String database) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4");
            s.execute("USE `" + database + "`");
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
        }
        List<String> tables = new ArrayList<>();
        tables.add(bytes(c));
        tables.add(text(c));
        tables.add(numbers(c));
        tables.add(bits(c));
        tables.add(times(c));
        tables.add(members(c));
        tables.add(json(c));
        tables.add(newTypes(c));
        tables.add(geometry(c));
        tables.add(generated(c));
        tables.add(names(c));
        tables.add(dotted(c));
        return tables;
    }

    private static String bytes(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_bytes (id INT PRIMARY KEY, vb VARBINARY(1024), bn BINARY(3), tb TINYBLOB, b BLOB,"
                + " mb MEDIUMBLOB, lb LONGBLOB) ENGINE=InnoDB");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO v_bytes VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 256; i++) {
                byte b = (byte) i;
                row(p, i, new byte[] {b}, new byte[] {b}, new byte[] {b, b}, new byte[] {'x', b, 'x'},
                        i % 2 == 0 ? null : new byte[] {b}, i % 3 == 0 ? new byte[0] : new byte[] {'\\', b});
            }
            byte[] up = new byte[256];
            byte[] down = new byte[256];
            for (int i = 0; i < 256; i++) {
                up[i] = (byte) i;
                down[i] = (byte) (255 - i);
            }
            row(p, 1000, up, new byte[] {0x5c, 0x27, 0x22}, Arrays.copyOf(up, 255), up, up, up);
            row(p, 1001, down, new byte[] {0x22, 0x27, 0x5c}, Arrays.copyOf(down, 255), down, down, down);
            byte[] empty = new byte[0];
            row(p, 1002, empty, empty, empty, empty, empty, empty);
            row(p, 1003, null, null, null, null, null, null);
            byte[] escapes = ascii("\0\\'\"\u001a\r\n\\n);\n--*/\\");
            row(p, 1004, escapes, new byte[] {0, 0, 0}, escapes, escapes, escapes, escapes);
            byte[] invalidUtf8 = hex("C328A0A1E228A1E28228F0288CBCF09028BCF0288C28FFFEEDA080EDBFBFC0AFF4908080");
            row(p, 1005, invalidUtf8, hex("FFFE00"), invalidUtf8, invalidUtf8, invalidUtf8, invalidUtf8);
            byte[] large = new byte[300_000];
            new Random(20240601).nextBytes(large);
            row(p, 1006, Arrays.copyOf(large, 1024), Arrays.copyOf(large, 3), Arrays.copyOf(large, 255),
                    Arrays.copyOf(large, 65535), large, large);
            row(p, 1007, ascii("\\"), ascii("a\\"), ascii("ends with a backslash\\"), ascii(";"), ascii(";\n"), ascii("\n;"));
        }
        return "v_bytes";
    }

    private static String text(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_text (id INT PRIMARY KEY,"
                + " u4 VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,"
                + " u4b VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,"
                + " u3 VARCHAR(255) CHARACTER SET utf8mb3,"
                + " l1 VARCHAR(255) CHARACTER SET latin1,"
                + " l1b VARCHAR(255) CHARACTER SET latin1 COLLATE latin1_bin,"
                + " c1250 VARCHAR(255) CHARACTER SET cp1250,"
                + " sj VARCHAR(255) CHARACTER SET cp932,"
                + " uc VARCHAR(255) CHARACTER SET ucs2,"
                + " asc7 VARCHAR(255) CHARACTER SET ascii,"
                + " ch CHAR(10) CHARACTER SET utf8mb4,"
                + " tx TEXT CHARACTER SET utf8mb4,"
                + " ltx LONGTEXT CHARACTER SET latin1) ENGINE=InnoDB");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO v_text VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 256; i++) {
                byte[] one = {(byte) i};
                byte[] codePoint = utf8(new String(Character.toChars(i)));
                row(p, i, codePoint, codePoint, codePoint, one, one, one, null, utf16(new String(Character.toChars(i))),
                        i < 128 ? one : null, codePoint, codePoint, one);
            }
            String astral = "😀 𝄞 🚀 a'b\"c\\d `e` ü";
            row(p, 1000, utf8(astral), utf8(astral), utf8("äöü € 中文 \u2028 \uFFFD"),
                    latin1("Grüße, Café ÿ"), latin1("Grüße, Café ÿ"), cp1250("Příliš žluťoučký kůň"),
                    "日本語テキスト".getBytes(CP932), utf16("äöü€中"), ascii("plain ascii"),
                    utf8("ü😀  "), utf8(astral.repeat(50)), latin1("Straße "));
            byte[] empty = new byte[0];
            row(p, 1001, empty, empty, empty, empty, empty, empty, empty, empty, empty, empty, empty, empty);
            row(p, 1002, null, null, null, null, null, null, null, null, null, null, null, null);
            // Encoded surrogates: the server takes them in utf8mb4 and utf8mb3 columns; no Unicode decoder passes them through.
            byte[] surrogates = hex("61EDA080EDBFBF62");
            row(p, 1003, surrogates, surrogates, surrogates, null, null, null, null, null, null, surrogates, surrogates, null);
            byte[] controls = utf8("line1\nline2\r\n\ttab\0nul\u001a sub \\n not a newline;\n");
            row(p, 1004, controls, controls, controls, controls, controls, controls, controls, utf16("a\nb\0c"),
                    controls, utf8("\t\0\n"), controls, controls);
            // Bytes a character set leaves unmapped (cp1250 0x81), codes cp932 maps to the same character
            // (0x879A and 0x81E6 are both U+2235; 0xFA59 and 0x8782 both U+2116), and cp1252's holes in latin1.
            row(p, 1005, utf8("\u0081\u008d"), null, null, hex("818D8F909D"), hex("818D8F909D"), hex("8183888A909899"),
                    hex("879A81E6FA598782EEF9"), null, null, null, null, hex("818D8F909D"));
            StringBuilder mixed = new StringBuilder();
            Random random = new Random(7);
            while (mixed.length() < 60_000) {
                mixed.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5f);
                    case 1 -> 0xa0 + random.nextInt(0x700);
                    case 2 -> 0x4e00 + random.nextInt(0x5000);
                    default -> 0x1f300 + random.nextInt(0x300);
                });
            }
            byte[] latin1Bytes = new byte[100_000];
            random.nextBytes(latin1Bytes);
            row(p, 1006, null, null, null, null, null, null, null, null, null, null, utf8(mixed.toString()), latin1Bytes);
        }
        return "v_text";
    }

    private static String numbers(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_numbers (id INT PRIMARY KEY, ti TINYINT, ti1 TINYINT(1), tu TINYINT UNSIGNED, si SMALLINT,"
                + " mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, d65 DECIMAL(65,30), d65i DECIMAL(65,0),"
                + " d52 DECIMAL(5,2), f FLOAT, d DOUBLE, fmd FLOAT(7,3), dmd DOUBLE(22,5)) ENGINE=InnoDB");
        String nines35 = "9".repeat(35);
        String nines30 = "9".repeat(30);
        String nines65 = "9".repeat(65);
        numberRow(c, 1, "-128, -128, 0, -32768, -8388608, -2147483648, 0, -9223372036854775808, 0, -" + nines35 + "." + nines30
                + ", -" + nines65 + ", -999.99, -3.4028235e38, -1.7976931348623157e308, -9999.999, -99999999999999999.99999");
        numberRow(c, 2, "127, 127, 255, 32767, 8388607, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, "
                + nines35 + "." + nines30 + ", " + nines65 + ", 999.99, 3.4028235e38, 1.7976931348623157e308, 9999.999,"
                + " 99999999999999999.99999");
        numberRow(c, 3, "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0");
        // A FLOAT negative zero: a negative double too small for a FLOAT is stored as -0 (a written -0 is stored as +0).
        numberRow(c, 4, "-1, 2, 1, -1, -1, -1, 1, -1, 1, -0.000000000000000000000000000001, -1, -0.01, -1e-60, -0e0,"
                + " -1e-60, -0e0");
        numberRow(c, 5, "1, -1, 1, 1, 1, 1, 1, 1, 1, 0.000000000000000000000000000001, 1, 0.01, 1e-45, 4.9e-324, 0.001, 0.00001");
        numberRow(c, 6, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1e-45, -4.9e-324, NULL, NULL");
        numberRow(c, 7, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1.1754942e-38,"
                + " 2.225073858507201e-308, NULL, NULL");
        numberRow(c, 8, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1.17549435e-38,"
                + " 2.2250738585072014e-308, NULL, NULL");
        numberRow(c, 9, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 12345678901234567890123456789012345.123456789012345678901234567891,"
                + " -12345678901234567890123456789012345678901234567890123456789012345, NULL, 0.1, 0.1, 3.14159, 2.718281828459045");
        numberRow(c, 10, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 16777217, 9007199254740993,"
                + " NULL, NULL");
        numberRow(c, 11, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e-45, 1e-45, NULL, NULL");
        numberRow(c, 12, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
        Random random = new Random(42);
        for (int id = 100; id < 400; id++) {
            float f = Float.intBitsToFloat(random.nextInt());
            double d = Double.longBitsToDouble(random.nextLong());
            if (Float.isNaN(f) || Float.isInfinite(f) || Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            // The float's exact decimal value: the server parses it to the double equal to the float, which a FLOAT stores exactly.
            numberRow(c, id, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + new BigDecimal(f).toString() + ", " + d + ", NULL, NULL");
        }
        return "v_numbers";
    }

    private static String bits(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_bits (id INT PRIMARY KEY, b1 BIT(1), b7 BIT(7), b64 BIT(64)) ENGINE=InnoDB");
        exec(c, "INSERT INTO v_bits VALUES (1, b'0', b'0000000', 0), (2, b'1', b'1111111', 0xFFFFFFFFFFFFFFFF),"
                + " (3, 1, 0x5C, 0x5C27221A0D0A0000), (4, NULL, NULL, NULL), (5, 0, 0x27, 0x8000000000000000),"
                + " (6, 1, 0x22, 1), (7, 0, 0x1A, 0x00000000000000FF), (8, 1, 0x0A, 0x000000000000005C)");
        return "v_bits";
    }

    private static String times(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_times (id INT PRIMARY KEY, dt DATE, dtm DATETIME(6), dtm0 DATETIME, tm TIME(6), tm0 TIME,"
                + " ts TIMESTAMP(6) NULL DEFAULT NULL, ts0 TIMESTAMP NULL DEFAULT NULL, y YEAR) ENGINE=InnoDB");
        exec(c, "INSERT INTO v_times VALUES"
                + " (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00', '00:00:00',"
                + " '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0),"
                + " (2, '2020-00-00', '2020-00-00 12:34:56.789012', '2020-01-00 00:00:00', '-838:59:59.999999', '-838:59:59',"
                + " '1970-01-01 00:00:01.000000', '1970-01-01 00:00:01', 1901),"
                + " (3, '2020-01-00', '0000-01-01 00:00:00.000001', '9999-12-31 23:59:59', '838:59:59.999999', '838:59:59',"
                + " '2038-01-19 03:14:07.999999', '2038-01-19 03:14:07', 2155),"
                + " (4, '1000-01-01', '1000-01-01 00:00:00.000000', '1000-01-01 00:00:00', '-00:00:00.000001', '-00:00:01',"
                + " '2021-03-28 01:30:00.123456', '2021-10-31 02:30:00', 2000),"
                + " (5, '9999-12-31', '9999-12-31 23:59:59.999999', '2020-02-29 12:00:00', '100:00:00.5', '-25:00:00',"
                + " '2000-02-29 12:00:00.000001', '2000-01-01 00:00:00', 1999),"
                + " (6, '0001-01-01', '2020-02-29 23:59:59.999999', '0000-00-00 10:00:00', '-100:00:00.000001', '24:00:00',"
                + " '1999-12-31 23:59:59.999999', NULL, NULL),"
                + " (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        return "v_times";
    }

    private static String members(Connection c) throws SQLException {
        // Member names stay within the BMP: MariaDB 10.11's SHOW CREATE TABLE prints a 4-byte character in a
        // member name (or a DEFAULT or COMMENT) as '?', so no logical dump can recreate such a table.
        exec(c, "CREATE TABLE v_members (id INT PRIMARY KEY,"
                + " e ENUM('a', 'b c', 'it''s', 'back\\\\slash', 'ünï', '€ 中', '\"dq\"', '0', '5') CHARACTER SET utf8mb4,"
                + " e_empty ENUM('x', '', 'y') CHARACTER SET latin1,"
                + " s SET('a', 'b c', 'it''s', 'ünï', '€ 中', '3') CHARACTER SET utf8mb4,"
                + " s_empty SET('p', '', 'q') CHARACTER SET latin1) ENGINE=InnoDB");
        // e_empty: '' is both a member (2) and the error value (0); s_empty: '' is both the empty set and member 2.
        exec(c, "INSERT INTO v_members VALUES"
                + " (1, 'a', 'x', '', 'p'),"
                + " (2, 'b c', '', 'a,b c', ''),"
                + " (3, 'it''s', 'no such member', 'it''s,ünï,€ 中', 2),"
                + " (4, 'back\\\\slash', 'y', 'a,b c,it''s,ünï,€ 中,3', 'p,,q'),"
                + " (5, '€ 中', 3, '€ 中', 5),"
                + " (6, NULL, NULL, NULL, NULL),"
                + " (7, 'no such member', 0, '3', 0),"
                + " (8, '\"dq\"', 2, 'ünï', 'q'),"
                + " (9, '0', 'y', '3,a', 'p,'),"
                + " (10, 8, 1, 32, 7)");
        return "v_members";
    }

    private static String json(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_json (id INT PRIMARY KEY, j JSON) ENGINE=InnoDB");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO v_json VALUES (?, ?)")) {
            String[] docs = {
                "{\"esc\": \"\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/\", \"raw\": \"é😀\", "
                        + "\"nested\": {\"k\": \"it's \\\"x\\\" 'y'\", \"arr\": [1, 2.50, -0, 1e400, null, true]}}",
                "[]", "\"\"", "null", "\"line\\nbreak\\ttab\\u0000nul \\u001a\"", "{\"\": {\"\": [\"\\\\\\\"\"]}}", null};
            for (int i = 0; i < docs.length; i++) {
                p.setInt(1, i + 1);
                if (docs[i] == null) {
                    p.setNull(2, Types.VARBINARY);
                } else {
                    p.setBytes(2, utf8(docs[i]));
                }
                p.executeUpdate();
            }
        }
        return "v_json";
    }

    private static String newTypes(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_new_types (id INT PRIMARY KEY, u UUID, i6 INET6, i4 INET4) ENGINE=InnoDB");
        exec(c, "INSERT INTO v_new_types VALUES"
                + " (1, '123e4567-e89b-12d3-a456-426614174000', '::ffff:1.2.3.4', '10.0.0.1'),"
                + " (2, '00000000-0000-0000-0000-000000000000', '::', '0.0.0.0'),"
                + " (3, 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '255.255.255.255'),"
                + " (4, '6ccd780c-baba-1026-9564-5b8c656024db', '2001:db8::5c27:2200', '92.39.34.0'),"
                + " (5, NULL, NULL, NULL)");
        return "v_new_types";
    }

    private static String geometry(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_geometry (id INT PRIMARY KEY, g GEOMETRY, p POINT, pg POLYGON, ls LINESTRING) ENGINE=InnoDB");
        // A coordinate whose IEEE bytes hold a backslash, quotes, CR, LF, ^Z and a zero byte.
        double awkward = Double.longBitsToDouble(0x405C27220A0D1A00L);
        exec(c, "INSERT INTO v_geometry VALUES"
                + " (1, ST_GeomFromText('POINT(1 2)'), POINT(1, 2), ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))'),"
                + " ST_GeomFromText('LINESTRING(0 0,1 1,2 1)')),"
                + " (2, ST_GeomFromText('POINT(1 2)', 4326), POINT(" + awkward + ", -" + awkward + "), NULL, NULL),"
                + " (3, ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1e-300 1.7976931348623157e308))'),"
                + " POINT(4.9e-324, -0.0), NULL, NULL),"
                + " (4, NULL, NULL, NULL, NULL)");
        return "v_geometry";
    }

    private static String generated(Connection c) throws SQLException {
        exec(c, "CREATE TABLE v_generated (id INT PRIMARY KEY, a INT, b VARCHAR(20) CHARACTER SET utf8mb4,"
                + " v_twice INT AS (a * 2) VIRTUAL, s_label VARCHAR(40) CHARACTER SET utf8mb4 AS (CONCAT(b, '-', a)) STORED,"
                + " v_next INT AS (a + 1) VIRTUAL, c VARCHAR(10), KEY (v_next)) ENGINE=InnoDB");
        exec(c, "INSERT INTO v_generated (id, a, b, c) VALUES (1, 10, 'x', 'after'), (2, NULL, 'y', NULL), (3, -5, NULL, ''),"
                + " (4, 0, 'ü😀', 'z')");
        return "v_generated";
    }

    private static String names(Connection c) throws SQLException {
        exec(c, "CREATE TABLE `v_names` (id INT PRIMARY KEY, `we``ird cöl é` VARCHAR(20) CHARACTER SET utf8mb4,"
                + " `select` INT, `a\"b'c` INT, ` lead` INT) ENGINE=InnoDB");
        exec(c, "INSERT INTO `v_names` VALUES (1, 'ü', 1, 2, 3), (2, NULL, NULL, NULL, NULL)");
        return "v_names";
    }

    private static String dotted(Connection c) throws SQLException {
        exec(c, "CREATE TABLE `" + DOTTED_TABLE + "` (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB");
        exec(c, "INSERT INTO `" + DOTTED_TABLE + "` VALUES (1, 'one'), (2, 'two.00001')");
        return DOTTED_TABLE;
    }

    private static void row(PreparedStatement p, int id, byte[]... values) throws SQLException {
        p.setInt(1, id);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                p.setNull(i + 2, Types.VARBINARY);
            } else {
                p.setBytes(i + 2, values[i]);
            }
        }
        p.executeUpdate();
    }

    private static void numberRow(Connection c, int id, String values) throws SQLException {
        exec(c, "INSERT INTO v_numbers VALUES (" + id + ", " + values + ")");
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16BE);
    }

    /** One byte per char: for byte strings written as Java text. */
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] cp1250(String s) {
        return s.getBytes(Charset.forName("windows-1250"));
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
