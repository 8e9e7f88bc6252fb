package io.sqlbackup.dump;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes one row of a result set as the {@code (v1,v2,...)} tuple of a multi-row INSERT, each value
 * in the form that loads back to the same bytes (see {@link SqlText.Form}): numbers bare, text and
 * bytes as {@code _binary"..."}, dates and the like quoted, NULL as NULL. The result set must come
 * from {@link #selectList}, whose expressions are the first columns of each row.
 */
final class RowEncoder {

    private static final byte[] NULL = SqlText.utf8("NULL");
    private static final byte[] BINARY = SqlText.utf8("_binary");

    private final SqlText.Form[] forms;

    RowEncoder(List<Catalog.Column> columns) {
        this.forms = new SqlText.Form[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            forms[i] = SqlText.form(columns.get(i).dataType());
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
        for (int i = 0; i < forms.length; i++) {
            if (i > 0) {
                out.append((byte) ',');
            }
            appendValue(out, rows, i + 1, forms[i]);
        }
        out.append((byte) ')');
    }

    /**
     * Connector/J hands out raw bytes only for byte-string results (which is what the text and
     * member expressions select); numbers and printed forms come as the server's text, unchanged.
     */
    private static void appendValue(ChunkBuffer out, ResultSet rows, int column, SqlText.Form form) throws SQLException {
        switch (form) {
            case NUMBER, FLOAT -> {
                String text = rows.getString(column);
                out.append(text == null ? NULL : SqlText.utf8(text));
            }
            case PRINTED -> {
                String text = rows.getString(column);
                if (text == null) {
                    out.append(NULL);
                } else {
                    SqlText.appendQuoted(out, SqlText.utf8(text));
                }
            }
            case BYTES, TEXT -> {
                byte[] value = rows.getBytes(column);
                if (value == null) {
                    out.append(NULL);
                } else {
                    out.append(BINARY);
                    SqlText.appendQuoted(out, value);
                }
            }
            case MEMBERS -> {
                byte[] value = rows.getBytes(column);
                if (value == null) {
                    out.append(NULL);
                } else if (value[0] == SqlText.NUMBER_TAG) {
                    out.append(value, 1, value.length - 1);
                } else {
                    out.append(BINARY);
                    SqlText.appendQuoted(out, value, 1);
                }
            }
        }
    }
}
