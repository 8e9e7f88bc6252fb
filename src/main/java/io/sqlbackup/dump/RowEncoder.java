package io.sqlbackup.dump;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes one row of a result set as the {@code (v1,v2,...)} tuple of a multi-row INSERT, each value
 * in the form that loads back to the same value: numbers bare, text quoted and escaped, bytes as
 * {@code _binary"..."}, NULL as NULL.
 */
final class RowEncoder {

    private static final byte[] NULL = SqlText.utf8("NULL");
    private static final byte[] BINARY = SqlText.utf8("_binary");

    private final boolean[] bare;
    private final boolean[] bytes;

    RowEncoder(List<Catalog.Column> columns) {
        this.bare = new boolean[columns.size()];
        this.bytes = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            bare[i] = SqlText.isBare(columns.get(i).dataType());
            bytes[i] = SqlText.isBytes(columns.get(i).dataType());
        }
    }

    /** The SELECT list that reads the columns in the form {@link #append} expects. */
    static String selectList(List<Catalog.Column> columns) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ",").append(SqlText.selectExpression(columns.get(i)));
        }
        return select.toString();
    }

    void append(ChunkBuffer out, ResultSet rows) throws SQLException {
        out.append((byte) '(');
        for (int i = 0; i < bare.length; i++) {
            if (i > 0) {
                out.append((byte) ',');
            }
            // Connector/J hands out raw bytes only for byte types; text and numbers come as their text form.
            byte[] value;
            if (bytes[i]) {
                value = rows.getBytes(i + 1);
            } else {
                String text = rows.getString(i + 1);
                value = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            }
            if (value == null) {
                out.append(NULL);
            } else if (bare[i]) {
                out.append(value);
            } else {
                if (bytes[i]) {
                    out.append(BINARY);
                }
                SqlText.appendQuoted(out, value);
            }
        }
        out.append((byte) ')');
    }
}
