package io.sqlbackup.dump;

import io.sqlbackup.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dump of one table has written so far, shared by the connections that dump its ranges:
 * the next file number, rows, the order-independent row checksum and the file names.
 */
final class TableState {

    private final Catalog.Table table;
    private final AtomicInteger nextFile = new AtomicInteger();
    private final AtomicInteger openPieces = new AtomicInteger(1);
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong checksum = new AtomicLong();
    private final List<String> files = new ArrayList<>();

    TableState(Catalog.Table table) {
        this.table = table;
    }

    Catalog.Table table() {
        return table;
    }

    String nextFileName() {
        String name = String.format("%s.%s.%05d.sql", table.database(), table.name(), nextFile.getAndIncrement());
        synchronized (files) {
            files.add(name);
        }
        return name;
    }

    void add(long rowCount, long rowChecksum) {
        rows.addAndGet(rowCount);
        checksum.addAndGet(rowChecksum);
    }

    /** The table was split into {@code more} further pieces besides the one being dumped. */
    void morePieces(int more) {
        openPieces.addAndGet(more);
    }

    /** One piece is done; true when it was the last, so the table is complete. */
    boolean pieceDone() {
        return openPieces.decrementAndGet() == 0;
    }

    Manifest.TableRecord record(String type) {
        List<String> names;
        synchronized (files) {
            names = files.stream().sorted().toList();
        }
        return new Manifest.TableRecord(table.database(), table.name(), type, table.engine(), rows.get(),
                Manifest.ROW_CHECKSUM + ":" + String.format("%016x", checksum.get()), names);
    }
}
