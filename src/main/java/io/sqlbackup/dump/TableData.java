package io.sqlbackup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The rows of one table, or of one {@link KeyRange} of it, written as data files of at most one
 * chunk each from a streaming result set, so a connection never holds more than one file.
 * Rows are multi-row INSERT statements of about {@code statementSize} bytes, one row per line.
 */
final class TableData {

    private final TableState state;
    private final DumpOptions options;
    private final RowEncoder encoder;
    private final byte[] insertPrefix;
    private final String select;

    TableData(TableState state, DumpOptions options, KeyRange range) {
        this.state = state;
        this.options = options;
        Catalog.Table table = state.table();
        this.encoder = new RowEncoder(table.storedColumns());
        StringBuilder prefix = new StringBuilder("INSERT INTO ").append(SqlText.identifier(table.name())).append(" (");
        for (int i = 0; i < table.storedColumns().size(); i++) {
            prefix.append(i == 0 ? "" : ",").append(SqlText.identifier(table.storedColumns().get(i).name()));
        }
        this.insertPrefix = SqlText.utf8(prefix.append(") VALUES\n").toString());
        this.select = "SELECT " + RowEncoder.selectList(table.storedColumns()) + " FROM "
                + SqlText.qualified(table.database(), table.name()) + (range == null ? "" : range.where(table.splitColumn()));
    }

    /** Reads every row of the table or range and hands each finished file to the sink; returns the rows read. */
    long dump(Connection session, EntrySink sink) throws SQLException, InterruptedException {
        if (state.table().storedColumns().isEmpty()) {
            return 0;
        }
        RowChecksum checksum = new RowChecksum();
        try (Statement statement = session.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // A positive fetch size makes Connector/J stream rows instead of reading the whole table.
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery(select)) {
                boolean more = rows.next();
                while (more) {
                    ChunkBuffer out = new ChunkBuffer(1 << 16, options.chunkSize() + options.statementSize());
                    out.append(SchemaFiles.DATA_HEADER);
                    int statementStart = -1;
                    while (more && out.size() < options.chunkSize()) {
                        if (statementStart < 0) {
                            out.append(insertPrefix);
                            statementStart = out.size();
                        } else {
                            out.append((byte) ',').append((byte) '\n');
                        }
                        int rowStart = out.size();
                        encoder.append(out, rows);
                        checksum.add(out.array(), rowStart, out.size() - rowStart);
                        if (out.size() - statementStart >= options.statementSize()) {
                            out.append((byte) ';').append((byte) '\n');
                            statementStart = -1;
                        }
                        more = rows.next();
                    }
                    if (statementStart >= 0) {
                        out.append((byte) ';').append((byte) '\n');
                    }
                    sink.emit(out.toEntry(state.nextFileName()));
                }
            }
        }
        state.add(checksum.rows(), checksum.sum());
        return checksum.rows();
    }
}
