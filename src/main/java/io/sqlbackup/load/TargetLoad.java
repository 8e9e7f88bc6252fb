package io.sqlbackup.load;

import io.sqlbackup.config.ByteSize;

import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.archive.UnpackedEntry;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestoreReport;
import io.sqlbackup.server.ServerAccess;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads one target from an archive: drops what is to be replaced, creates every database and
 * table from the held schema files (spread over all connections), streams the rows of the data
 * files as the archive is read (statements spread over all connections), then creates views,
 * triggers, routines and events, applies the accounts, and reads every table back to compare it
 * with the manifest.
 */
public final class TargetLoad {

    private final ServerAccess target;
    private final ArchiveIndex index;
    private final RestoreCommand command;
    private final LoadOptions options;
    private final RestoreReport report;
    private final LoadProgress progress;
    private final LoadScope scope;
    private final Map<TableName, TableTally> tallies = new HashMap<>();
    /**
     * Tables of engines other than InnoDB, whose rows go in one statement at a time: Aria keeps a
     * wrong row count when an empty table with a full-text key takes inserts from several sessions
     * at once (CHECK TABLE then calls it corrupt), and MyISAM takes a table lock per insert anyway.
     */
    private final Map<TableName, java.util.concurrent.locks.ReentrantLock> oneAtATime = new java.util.concurrent.ConcurrentHashMap<>();
    /** Keys to add to a table once its rows are in (see {@link DeferredKeys}). */
    private final Map<TableName, String> deferredKeys = new java.util.concurrent.ConcurrentHashMap<>();
    private LoadWorkers workers;

    public TargetLoad(ServerAccess target, ArchiveIndex index, RestoreCommand command, LoadOptions options,
                      RestoreReport report, LoadProgress progress) {
        this.target = target;
        this.index = index;
        this.command = command;
        this.options = options;
        this.report = report;
        this.progress = progress;
        this.scope = LoadScope.of(command, index);
    }

    /** The base tables this load restored, for the replication check. */
    public List<TableName> restoredTables() {
        List<TableName> out = new ArrayList<>();
        Map<TableName, io.sqlbackup.manifest.Manifest.TableRecord> manifest = index.manifestTables();
        Set<TableName> views = new java.util.HashSet<>();
        index.heldFiles(DumpFile.Kind.VIEW, scope.databases()).forEach(f -> views.add(f.tableName()));
        for (TableName t : index.tables().keySet()) {
            if (!scope.includes(t.database())) {
                continue;
            }
            var record = manifest.get(t);
            if (!views.contains(t) && (record == null || "BASE TABLE".equals(record.type()))) {
                out.add(t);
            }
        }
        return out;
    }

    public String where() {
        return "the " + target.role() + " " + target.address();
    }

    /** Loads the target; the entries are the archive's second reading. */
    public void load(UnpackedEntries entries) {
        TargetDatabases present = TargetCheck.require(target, command);
        List<String> replace = new ArrayList<>();
        for (String db : present.names()) {
            if (scope.includes(db) || (present.unfinished(db) && (scope.checked() == null || scope.includes(db)))) {
                replace.add(db);
            }
        }
        List<LoadSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < options.threads(); i++) {
                sessions.add(new LoadSession(target));
            }
        } catch (SQLException e) {
            sessions.forEach(LoadSession::close);
            throw new TargetAccessException("cannot open " + options.threads() + " load connections to " + where() + ": "
                    + e.getMessage() + ". Nothing was changed", target.urlKey(), e);
        } catch (RuntimeException e) {
            sessions.forEach(LoadSession::close);
            throw e;
        }
        try (LoadWorkers workers = new LoadWorkers(sessions, options.queueBytes(), "sqlbackup-load-" + target.role())) {
            run(workers, entries, replace);
        } catch (RowCheckFailedException e) {
            report.failed("rows checked on " + where(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // a damaged file, a changed object: the target holds a partial restore all the same
            throw failed(progress.phase(), e);
        } catch (LoadWorkers.LoadFailure f) {
            throw failed(f.work.describe(), f.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("the load", e);
        } catch (IOException e) {
            throw failed("reading the archive", e);
        } catch (SQLException e) {
            throw failed(progress.phase(), e);
        }
    }

    private void run(LoadWorkers workers, UnpackedEntries entries, List<String> replace)
            throws LoadWorkers.LoadFailure, InterruptedException, IOException, SQLException {
        this.workers = workers;
        long started = System.nanoTime();
        if (!replace.isEmpty()) {
            progress.phase("dropping databases to replace");
            for (String db : replace) {
                workers.submit(new OwnStatement("DROP DATABASE IF EXISTS " + TableName.quote(db), "dropping " + db));
            }
            workers.awaitIdle();
            report.done("dropped on " + where(), replace.size() + " database" + (replace.size() == 1 ? "" : "s")
                    + " to replace: " + shortList(replace));
        }

        progress.phase("creating databases");
        Set<String> created = new java.util.HashSet<>();
        for (DumpFile f : index.heldFiles(DumpFile.Kind.DATABASE, scope.databases())) {
            created.add(f.database());
            workers.submit(new HeldFileWork(f, null, true));
        }
        for (String db : scope.databases()) {
            if (!created.contains(db)) {
                // mydumper writes no -schema-create file with --no-schemas-create style options; make it
                workers.submit(new OwnStatement("CREATE DATABASE IF NOT EXISTS " + TableName.quote(db), "creating " + db) {
                    @Override
                    public void run(LoadSession session) throws Exception {
                        super.run(session);
                        TargetDatabases.markUnfinished(session.plain(), db);
                    }
                });
            }
        }
        workers.awaitIdle();

        progress.phase("creating tables");
        List<DumpFile> schemas = index.heldFiles(DumpFile.Kind.TABLE_SCHEMA, scope.databases());
        for (DumpFile f : schemas) {
            workers.submit(new HeldFileWork(f, f.database(), false));
        }
        workers.awaitIdle();
        report.done("created on " + where(), scope.databases().size() + " databases, " + schemas.size() + " tables over "
                + options.threads() + " connections in " + seconds(started) + (deferredKeys.isEmpty() ? ""
                : "; " + deferredKeys.size() + " large InnoDB tables get their secondary keys after their rows"));

        long rowsStarted = System.nanoTime();
        int tables = 0;
        long bytes = 0;
        for (ArchiveIndex.TableFiles t : index.tables().values()) {
            if (scope.includes(t.table().database())) {
                tables++;
                bytes += t.bytes();
                tallies.put(t.table(), new TableTally(t.table(), t.files()));
            }
        }
        progress.totals(tables, bytes);
        tallies.values().forEach(TableTally::complete); // tables without data files are complete now
        progress.phase("loading rows");
        streamRows(workers, entries);
        workers.awaitIdle();
        report.done("rows loaded into " + where(), ByteSize.describe(progress.bytes()) + " in " + seconds(rowsStarted)
                + " (" + ByteSize.describe((long) progress.rate()) + "/s)");

        progress.phase("creating views, triggers, routines and events");
        // Routines first (a view may call a stored function), then the views, then the triggers.
        List<DumpFile> routines = index.heldFiles(DumpFile.Kind.POST, scope.databases());
        for (DumpFile f : routines) {
            workers.submit(new HeldFileWork(f, f.database(), false));
        }
        workers.awaitIdle();
        List<DumpFile> views = index.heldFiles(DumpFile.Kind.VIEW, scope.databases());
        if (!views.isEmpty()) {
            // one after another: a view file drops a stand-in table that another view may be being created over
            workers.submit(new LoadWorkers.Work() {
                public void run(LoadSession session) throws Exception {
                    for (DumpFile v : views) {
                        new HeldFileWork(v, v.database(), false).run(session);
                    }
                }

                public String describe() {
                    return "the views";
                }
            });
        }
        List<DumpFile> triggers = index.heldFiles(DumpFile.Kind.TRIGGERS, scope.databases());
        for (DumpFile f : triggers) {
            workers.submit(new HeldFileWork(f, f.database(), false));
        }
        workers.awaitIdle();
        List<DumpFile> after = new ArrayList<>(triggers);
        after.addAll(routines);
        report.done("objects created on " + where(), views.size() + " views, " + after.size() + " trigger and routine files");
        String events = EventStates.hold(workers.sessions().get(0).plain(), scope.databases());
        if (events != null) {
            report.done("events on " + where(), events);
        }

        DumpFile accounts = index.heldFiles().stream().filter(f -> f.kind() == DumpFile.Kind.ACCOUNTS).findFirst().orElse(null);
        if (accounts != null && !scope.partial()) {
            progress.phase("applying accounts");
            String text;
            try (InputStream in = index.held().open(accounts.name())) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            report.done("accounts on " + where(), AccountsRestore.apply(workers.sessions().get(0).plain(), text));
        }

        if (options.checkRows() && index.manifest() != null) {
            progress.phase("checking rows against the manifest");
            report.done("rows checked on " + where(), RowCheck.run(workers, index, scope, where()));
        }
        progress.phase("loaded");
    }

    private void streamRows(LoadWorkers workers, UnpackedEntries entries) throws IOException, LoadWorkers.LoadFailure,
            InterruptedException {
        for (UnpackedEntry entry = entries.next(); entry != null; entry = entries.next()) {
            String name = entry.name();
            if (!index.isDataFile(name)) {
                if (!index.knows(name)) {
                    throw new io.sqlbackup.bucket.ObjectDamagedException(index.objectName() + " changed between the verify "
                            + "pass and the load: it now holds " + name + ", which the verified archive did not. "
                            + "Run the restore again");
                }
                continue;
            }
            DumpFile f = DumpFile.of(name, index.databases());
            if (!scope.includes(f.database())) {
                continue;
            }
            TableTally tally = tallies.get(f.tableName());
            StatementReader reader = new StatementReader(ArchiveIndexer.content(f, entry.content()), name, options.maxStatement());
            LoadContext context = new LoadContext(f.database(), List.of(), name);
            for (SqlStatement s = reader.next(); s != null; s = reader.next()) {
                if (s.isSessionSetting()) {
                    context = context.with(s);
                    continue;
                }
                tally.statementQueued();
                workers.submit(new RowsWork(context, s, f.tableName(), tally));
            }
            tally.fileRead();
        }
    }

    private LoadFailedException failed(String at, Throwable cause) {
        Throwable root = cause;
        io.sqlbackup.SqlBackupException known = io.sqlbackup.SqlBackupException.findIn(cause);
        String why;
        if (known != null) {
            why = known.getMessage();
        } else if (LoadWorkers.isConnectionLoss(cause)) {
            why = "the connection to " + where() + " was lost (killed, or the server stopped): " + rootMessage(root);
        } else {
            why = rootMessage(root);
        }
        String message = "loading " + where() + " stopped at " + at + ": " + why + ". " + where().substring(0, 1).toUpperCase()
                + where().substring(1) + " holds a partial restore; its databases are marked as an unfinished restore, and "
                + "running the same restore command again replaces them";
        report.failed("loading " + where(), message);
        return new LoadFailedException(message, cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static String seconds(long startedNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    static String shortList(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(8, names.size()))) + (names.size() > 8 ? ", ..." : "");
    }

    /** Counts a table's statements in flight, so the table is reported complete when its last one is. */
    private final class TableTally {
        private final TableName table;
        private int filesLeft;
        private long inFlight;
        private boolean done;

        TableTally(TableName table, int files) {
            this.table = table;
            this.filesLeft = files;
        }

        synchronized void statementQueued() {
            inFlight++;
        }

        synchronized void statementDone() {
            inFlight--;
            complete();
        }

        synchronized void fileRead() {
            filesLeft--;
            complete();
        }

        synchronized void complete() {
            if (!done && filesLeft == 0 && inFlight == 0) {
                done = true;
                progress.tableDone();
                String keys = deferredKeys.get(table);
                if (keys != null) {
                    addKeys(table, keys);
                }
            }
        }
    }

    /** Queues the ALTER that adds a table's deferred keys; it runs on whichever connection is free. */
    private void addKeys(TableName table, String keys) {
        try {
            workers.submit(new OwnStatement("ALTER TABLE " + table.quoted() + " " + keys, "adding the secondary keys of " + table));
        } catch (LoadWorkers.LoadFailure e) {
            // the load has failed already; that failure is the one reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Statements of a data file: rows. */
    private final class RowsWork implements LoadWorkers.Work {
        private final LoadContext context;
        private final SqlStatement statement;
        private final TableName table;
        private final TableTally tally;

        RowsWork(LoadContext context, SqlStatement statement, TableName table, TableTally tally) {
            this.context = context;
            this.statement = statement;
            this.table = table;
            this.tally = tally;
        }

        public void run(LoadSession session) throws Exception {
            java.util.concurrent.locks.ReentrantLock lock = oneAtATime.get(table);
            if (lock != null) {
                lock.lockInterruptibly();
            }
            try {
                session.use(context);
                session.execute(statement, context.file());
            } finally {
                if (lock != null) {
                    lock.unlock();
                }
            }
            progress.loaded(statement.length());
            tally.statementDone();
        }

        public long bytes() {
            return statement.length();
        }

        public String describe() {
            return table + " (" + context.file() + ")";
        }
    }

    /** A whole held file (schema, view, triggers, routines) on one connection, in order. */
    private final class HeldFileWork implements LoadWorkers.Work {
        private final DumpFile file;
        private final String database;
        private final boolean createsDatabase;

        HeldFileWork(DumpFile file, String database, boolean createsDatabase) {
            this.file = file;
            this.database = database;
            this.createsDatabase = createsDatabase;
        }

        public void run(LoadSession session) throws Exception {
            try (InputStream in = ArchiveIndexer.content(file, index.held().open(file.name()))) {
                StatementReader reader = new StatementReader(in, file.name(), options.maxStatement());
                // These files set and restore session variables between their statements: all of
                // one file runs on this connection, in order, which leaves the session changed.
                session.use(new LoadContext(database, List.of(), file.name()));
                boolean defer = file.kind() == DumpFile.Kind.TABLE_SCHEMA && options.deferKeysFrom() > 0
                        && index.tables().containsKey(file.tableName())
                        && index.tables().get(file.tableName()).bytes() >= options.deferKeysFrom();
                try {
                    for (SqlStatement s = reader.next(); s != null; s = reader.next()) {
                        String text = LoadSession.text(s, file.name());
                        if (file.kind() == DumpFile.Kind.TABLE_SCHEMA) {
                            String engine = DeferredKeys.engine(text);
                            if (engine != null && !engine.equalsIgnoreCase("InnoDB")) {
                                oneAtATime.put(file.tableName(), new java.util.concurrent.locks.ReentrantLock());
                            }
                        }
                        if (defer) {
                            DeferredKeys split = DeferredKeys.of(text);
                            if (split.addKeys() != null) {
                                text = split.createTable();
                                deferredKeys.put(file.tableName(), split.addKeys());
                            }
                        }
                        session.execute(text);
                    }
                } finally {
                    session.forgetContext();
                }
            }
            if (createsDatabase) {
                TargetDatabases.markUnfinished(session.plain(), file.database());
            }
        }

        public String describe() {
            return file.table() != null ? file.database() + "." + file.table() + " (" + file.name() + ")" : file.name();
        }
    }

    /** A statement of the load's own. */
    private static class OwnStatement implements LoadWorkers.Work {
        private final String sql;
        private final String what;

        OwnStatement(String sql, String what) {
            this.sql = sql;
            this.what = what;
        }

        public void run(LoadSession session) throws Exception {
            try (Statement s = session.connection().createStatement()) {
                s.execute(sql);
            }
        }

        public String describe() {
            return what;
        }
    }
}
