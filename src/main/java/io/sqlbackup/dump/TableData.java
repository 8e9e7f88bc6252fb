package io.sqlbackup.dump;

import io.sqlbackup.archive.ArchiveEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one table as data files {@code DB.TABLE.00000.sql}, ... of at most one chunk each,
 * read from a streaming result set: each {@link #next()} reads just enough rows for one file.
 * Rows are multi-row INSERT statements of about {@code statementSize} bytes, one row per line.
 */
final class TableData {

    private final Catalog.Table table;
    private final Connection session;
    private final DumpOptions options;
    private final RowEncoder encoder;
    private final int columnCount;
    private final byte[] insertPrefix;
    private final List<String> files = new ArrayList<>();
    private Statement statement;
    private ResultSet rows;
    private boolean exhausted;
    private long rowCount;

    TableData(Catalog.Table table, Connection session, DumpOptions options) {
        this.table = table;
        this.session = session;
        this.options = options;
        List<Catalog.Column> columns = table.storedColumns();
        this.encoder = new RowEncoder(columns);
        this.columnCount = columns.size();
        StringBuilder prefix = new StringBuilder("INSERT INTO ").append(SqlText.identifier(table.name())).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            prefix.append(i == 0 ? "" : ",").append(SqlText.identifier(columns.get(i).name()));
        }
        this.insertPrefix = SqlText.utf8(prefix.append(") VALUES\n").toString());
    }

    /** The next data file, or null when every row has been written. */
    ArchiveEntry next() throws SQLException {
        if (exhausted || columnCount == 0) {
            return null;
        }
        if (rows == null) {
            open();
        }
        ChunkBuffer out = new ChunkBuffer((int) Math.min(options.chunkSize() + options.statementSize(), 1 << 20));
        out.append(SchemaFiles.DATA_HEADER);
        long inChunk = 0;
        int statementStart = -1;
        while (out.size() < options.chunkSize()) {
            if (!rows.next()) {
                exhausted = true;
                close();
                break;
            }
            if (statementStart < 0) {
                out.append(insertPrefix);
                statementStart = out.size();
            } else {
                out.append((byte) ',').append((byte) '\n');
            }
            encoder.append(out, rows);
            inChunk++;
            if (out.size() - statementStart >= options.statementSize()) {
                out.append((byte) ';').append((byte) '\n');
                statementStart = -1;
            }
        }
        if (statementStart >= 0) {
            out.append((byte) ';').append((byte) '\n');
        }
        if (inChunk == 0) {
            return null;
        }
        rowCount += inChunk;
        String name = String.format("%s.%s.%05d.sql", table.database(), table.name(), files.size());
        files.add(name);
        return out.toEntry(name);
    }

    private void open() throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ").append(RowEncoder.selectList(table.storedColumns()));
        select.append(" FROM ").append(SqlText.qualified(table.database(), table.name()));
        statement = session.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        // A positive fetch size makes Connector/J stream rows instead of reading the whole table.
        statement.setFetchSize(1000);
        rows = statement.executeQuery(select.toString());
    }

    long rowCount() {
        return rowCount;
    }

    List<String> files() {
        return files;
    }

    void close() throws SQLException {
        try {
            if (rows != null) {
                rows.close();
            }
        } finally {
            if (statement != null) {
                statement.close();
            }
        }
    }
}
