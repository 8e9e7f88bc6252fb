package io.sqlbackup.dump;

import io.sqlbackup.manifest.AccountsFile;
import io.sqlbackup.manifest.Manifest;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of one dump, built from the catalog: per database its schema (the database and all
 * its tables, one task so a database's files come before its tables' data), per table its data,
 * split into key ranges when large, and per database its views, triggers and routines after all
 * data. MyISAM and Aria tables go first when they are dumped under the lock, so commits on the
 * source are blocked no longer than they take.
 */
final class DumpPlan {

    private static final Logger LOG = LoggerFactory.getLogger(DumpPlan.class);
    /** A table is cut into ranges of about this many chunks, enough pieces to keep every connection busy. */
    private static final int CHUNKS_PER_RANGE = 4;
    private static final int MAX_RANGES = 1024;

    private final SourceSnapshot snapshot;
    private final DumpOptions options;
    private final DumpProgress progress;
    private final DumpScheduler scheduler;
    private final List<Manifest.TableRecord> tables = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger lockedTablesLeft = new AtomicInteger();

    DumpPlan(SourceSnapshot snapshot, DumpOptions options, DumpProgress progress, DumpScheduler scheduler) {
        this.snapshot = snapshot;
        this.options = options;
        this.progress = progress;
        this.scheduler = scheduler;
    }

    /** Submits every task; releases the lock at once when nothing needs it. */
    void submitAll() {
        Catalog catalog = snapshot.catalog();
        progress.planned(catalog.tableCount(), catalog.databases().stream().flatMap(d -> d.tables().stream())
                .filter(t -> !t.isView()).mapToLong(t -> Math.max(0, t.dataBytes())).sum());
        List<Catalog.Table> locked = options.lockNonTransactional() ? catalog.nonTransactionalTables() : List.of();
        lockedTablesLeft.set(locked.size());
        if (locked.isEmpty()) {
            snapshot.releaseLock();
            if (!options.lockNonTransactional() && !catalog.nonTransactionalTables().isEmpty()) {
                LOG.warn("Dumping {} non-transactional (MyISAM/Aria) tables without the lock, so they may not match the snapshot "
                        + "(sqlbackup.dump.lock-non-transactional=false): {}", catalog.nonTransactionalTables().size(),
                        names(catalog.nonTransactionalTables()));
            }
        } else {
            LOG.info("Dumping {} non-transactional (MyISAM/Aria) tables first, while commits stay blocked: {}", locked.size(),
                    names(locked));
        }
        if (options.accounts()) {
            scheduler.submit(new AccountsTask());
        }
        List<DumpTask> all = new ArrayList<>();
        for (Catalog.Database db : catalog.databases()) {
            boolean holdsLocked = db.tables().stream().anyMatch(locked::contains);
            DumpTask schema = new SchemaTask(db, holdsLocked ? DumpTask.LOCKED_SCHEMA : DumpTask.SCHEMA);
            all.add(schema);
            for (Catalog.Table t : db.tables()) {
                if (!t.isView()) {
                    all.add(new DataTask(new TableState(t), null, locked.contains(t) ? DumpTask.LOCKED_DATA : DumpTask.DATA,
                            Math.max(0, t.dataBytes())).after(schema));
                }
            }
            all.add(new AfterDataTask(db));
        }
        all.forEach(scheduler::submit);
    }

    private static String names(List<Catalog.Table> tables) {
        List<String> names = tables.stream().map(Catalog.Table::qualifiedName).limit(20).toList();
        return String.join(", ", names) + (tables.size() > names.size() ? " and " + (tables.size() - names.size()) + " more" : "");
    }

    List<Manifest.TableRecord> tableRecords() {
        synchronized (tables) {
            return tables.stream().sorted((a, b) -> (a.database() + "." + a.table()).compareTo(b.database() + "." + b.table())).toList();
        }
    }

    private void tableDone(TableState state, String type) {
        tables.add(state.record(type));
        progress.tableDone();
        if (!state.table().transactional() && options.lockNonTransactional() && lockedTablesLeft.decrementAndGet() == 0) {
            snapshot.releaseLock();
        }
    }

    /** {@code DB-schema-create.sql} and {@code DB.TABLE-schema.sql} of every table of a database. */
    private final class SchemaTask extends DumpTask {
        private final Catalog.Database db;

        SchemaTask(Catalog.Database db, int rank) {
            super(rank, db.tables().size(), "the schema of database " + db.name());
            this.db = db;
        }

        @Override
        void run(DumpSession session, EntrySink sink) throws SQLException, InterruptedException {
            SchemaFiles schema = new SchemaFiles(session.connection());
            sink.emit(schema.createDatabase(db.name()).toEntry(db.name() + "-schema-create.sql"));
            for (Catalog.Table t : db.tables()) {
                if (!t.isView()) {
                    reading("table " + t.qualifiedName());
                    sink.emit(schema.createTable(t).toEntry(db.name() + "." + t.name() + "-schema.sql"));
                }
            }
        }
    }

    /** The rows of a table, or of one range of it; the first piece splits a large table into ranges. */
    private final class DataTask extends DumpTask {
        private final TableState state;
        private final KeyRange range;
        /** The part of the table's estimated size this piece stands for, for the progress. */
        private long estimatedBytes;

        DataTask(TableState state, KeyRange range, int rank, long estimatedBytes) {
            super(rank, range == null ? state.table().dataBytes() : 0, "table " + state.table().qualifiedName());
            this.state = state;
            this.range = range;
            this.estimatedBytes = estimatedBytes;
        }

        @Override
        void run(DumpSession session, EntrySink sink) throws SQLException, InterruptedException {
            Catalog.Table t = state.table();
            if (t.isSequence()) {
                sink.emit(sequenceValue(session, t).toEntry(state.nextFileName()));
                state.add(1, 0);
            } else {
                KeyRange mine = range == null ? split(session) : range;
                progress.rows(new TableData(state, options, mine).dump(session.connection(), sink));
            }
            progress.estimatedDone(estimatedBytes);
            if (state.pieceDone()) {
                tableDone(state, t.isSequence() ? "SEQUENCE" : "BASE TABLE");
            }
        }

        /** Splits a large table into ranges, submits all but the first and returns the first; null to read it whole. */
        private KeyRange split(DumpSession session) throws SQLException {
            Catalog.Table t = state.table();
            long rangeBytes = options.chunkSize() * CHUNKS_PER_RANGE;
            if (t.splitColumn() == null || t.dataBytes() <= rangeBytes) {
                return null;
            }
            String column = SqlText.identifier(t.splitColumn());
            BigInteger min;
            BigInteger max;
            try (Statement s = session.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT MIN(" + column + "), MAX(" + column + ") FROM "
                         + SqlText.qualified(t.database(), t.name()))) {
                rs.next();
                if (rs.getString(1) == null) {
                    return null;
                }
                min = new BigInteger(rs.getString(1));
                max = new BigInteger(rs.getString(2));
            }
            int pieces = (int) Math.min(MAX_RANGES, (t.dataBytes() + rangeBytes - 1) / rangeBytes);
            List<KeyRange> ranges = KeyRange.split(min, max, pieces);
            state.morePieces(ranges.size() - 1);
            long share = estimatedBytes / ranges.size();
            for (KeyRange r : ranges.subList(1, ranges.size())) {
                scheduler.submit(new DataTask(state, r, rank, share));
            }
            estimatedBytes -= share * (ranges.size() - 1);
            return ranges.get(0);
        }
    }

    /** A sequence's position: loading the file sets the next value the sequence will hand out. */
    private static ChunkBuffer sequenceValue(DumpSession session, Catalog.Table t) throws SQLException {
        try (Statement s = session.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT next_not_cached_value FROM " + SqlText.qualified(t.database(), t.name()))) {
            rs.next();
            String next = rs.getString(1);
            return new ChunkBuffer(256).append(SchemaFiles.DATA_HEADER)
                    .append("DO SETVAL(" + SqlText.identifier(t.name()) + ", " + next + ", 0);\n");
        }
    }

    /** Views (after every table, as they may use any), triggers (after the data, so loading fires none) and routines. */
    private final class AfterDataTask extends DumpTask {
        private final Catalog.Database db;

        AfterDataTask(Catalog.Database db) {
            super(AFTER_DATA, 0, "the views, triggers and routines of database " + db.name());
            this.db = db;
        }

        @Override
        void run(DumpSession session, EntrySink sink) throws SQLException, InterruptedException {
            SchemaFiles schema = new SchemaFiles(session.connection());
            String d = db.name();
            for (Catalog.Table t : db.tables()) {
                if (!t.triggers().isEmpty()) {
                    reading("the triggers of table " + t.qualifiedName());
                    sink.emit(schema.triggers(t).toEntry(d + "." + t.name() + "-schema-triggers.sql"));
                }
            }
            for (Catalog.Table v : db.tables()) {
                if (v.isView()) {
                    reading("view " + v.qualifiedName());
                    sink.emit(schema.viewPlaceholder(v).toEntry(d + "." + v.name() + "-schema.sql"));
                    sink.emit(schema.createView(v).toEntry(d + "." + v.name() + "-schema-view.sql"));
                    tables.add(new Manifest.TableRecord(d, v.name(), "VIEW", null, 0, null, List.of()));
                }
            }
            if (!db.routines().isEmpty()) {
                reading("the routines and events of database " + d);
                sink.emit(schema.routines(db).toEntry(d + "-schema-post.sql"));
            }
        }
    }

    /** Users, roles and grants as SQL, in place of the mysql schema's tables. */
    private static final class AccountsTask extends DumpTask {
        AccountsTask() {
            super(SCHEMA, Long.MAX_VALUE, "the accounts and grants");
        }

        @Override
        void run(DumpSession session, EntrySink sink) throws SQLException, InterruptedException {
            sink.emit(AccountsDump.render(session.connection()).toEntry(AccountsFile.NAME));
        }
    }
}
