package io.sqlbackup.dump;

import io.sqlbackup.manifest.Manifest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Reads a table back from a server the way a dump writes it and sums its rows as the manifest
 * does ({@link Manifest#ROW_CHECKSUM}): the restore's proof that what the server now holds is,
 * row for row, what was dumped. Uses the dump's own select list and row encoder, so a value that
 * came back different (a truncated string, a converted character) changes the sum.
 */
public final class TableRowSums {

    /** Rows and the {@code row-crc-sum-v1:HEX} text of one table. */
    public record Sum(long rows, String checksum) {
    }

    private TableRowSums() {
    }

    /** The catalog of the named databases, as a dump of them would see it. */
    public static Catalog catalog(Connection connection, Collection<String> databases) throws SQLException {
        DumpOptions options = new DumpOptions(databases.stream().map(NamePattern::literal).toList(), List.of(),
                1 << 20, 1 << 20, 1, Duration.ZERO, false, false);
        return Catalog.read(connection, options);
    }

    /** Reads every row of the table; memory is one row. */
    public static Sum of(Connection connection, Catalog.Table table) throws SQLException {
        RowChecksum checksum = new RowChecksum();
        if (!table.storedColumns().isEmpty()) {
            RowEncoder encoder = new RowEncoder(table.storedColumns());
            ChunkBuffer row = new ChunkBuffer(1 << 12);
            String select = "SELECT " + RowEncoder.selectList(table.storedColumns()) + " FROM "
                    + SqlText.qualified(table.database(), table.name());
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(1000);
                try (ResultSet rows = statement.executeQuery(select)) {
                    while (rows.next()) {
                        row.clear();
                        encoder.append(row, rows);
                        checksum.add(row.array(), 0, row.size());
                    }
                }
            }
        }
        return new Sum(checksum.rows(), Manifest.ROW_CHECKSUM + ":" + String.format("%016x", checksum.sum()));
    }
}
