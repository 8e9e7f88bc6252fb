package io.sqlbackup.dump;

import io.sqlbackup.stream.Sha256;
import io.sqlbackup.Version;
import io.sqlbackup.archive.ArchiveEntry;
import io.sqlbackup.archive.EntrySource;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.manifest.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The files of a dump in the mydumper 0.10 layout, produced one at a time as the archive stage asks
 * for them, all read inside one snapshot. Per database: {@code DB-schema-create.sql}; per table its
 * schema, data files and triggers; views after the tables; routines and events in
 * {@code DB-schema-post.sql}. Last come {@code metadata} (which needs the finish time, as in
 * mydumper) and {@code sqlbackup-manifest.json} with the digest of every other entry.
 */
public final class DumpEntries implements EntrySource {

    /** One unit of work that yields entries until it returns null. */
    private interface Step {
        ArchiveEntry next() throws SQLException;
    }

    private final SourceSnapshot snapshot;
    private final DumpOptions options;
    private final DumpProgress progress;
    private final String sourceAddress;
    private final SchemaFiles schema;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<Manifest.TableRecord> tables = new ArrayList<>();
    private final List<Manifest.EntryRecord> digests = new ArrayList<>();
    private final MessageDigest sha256;
    private Step current;
    private boolean closed;

    public DumpEntries(SourceSnapshot snapshot, Catalog catalog, DumpOptions options, DumpProgress progress, String sourceAddress) {
        this.snapshot = snapshot;
        this.options = options;
        this.progress = progress;
        this.sourceAddress = sourceAddress;
        this.schema = new SchemaFiles(snapshot.session());
        this.sha256 = Sha256.newDigest();
        progress.planned(catalog.tableCount());
        plan(catalog);
    }

    private void plan(Catalog catalog) {
        for (Catalog.Database db : catalog.databases()) {
            String d = db.name();
            steps.add(once(d + "-schema-create.sql", () -> schema.createDatabase(d)));
            for (Catalog.Table t : db.tables()) {
                if (t.isView()) {
                    continue;
                }
                String base = d + "." + t.name();
                steps.add(once(base + "-schema.sql", () -> schema.createTable(t)));
                if (t.isSequence()) {
                    steps.add(once(base + ".00000.sql", () -> sequenceValue(t)));
                } else {
                    steps.add(tableData(t));
                }
                if (!t.triggers().isEmpty()) {
                    steps.add(once(base + "-schema-triggers.sql", () -> schema.triggers(t)));
                }
            }
            for (Catalog.Table v : db.tables()) {
                if (v.isView()) {
                    String base = d + "." + v.name();
                    steps.add(once(base + "-schema.sql", () -> schema.viewPlaceholder(v)));
                    steps.add(once(base + "-schema-view.sql", () -> schema.createView(v)));
                    tables.add(new Manifest.TableRecord(d, v.name(), "VIEW", 0, List.of()));
                }
            }
            if (!db.routines().isEmpty()) {
                steps.add(once(d + "-schema-post.sql", () -> schema.routines(db)));
            }
        }
    }

    /** A step that yields a single file. */
    private interface FileContent {
        ChunkBuffer write() throws SQLException;
    }

    private static Step once(String name, FileContent content) {
        return new Step() {
            private boolean done;

            @Override
            public ArchiveEntry next() throws SQLException {
                if (done) {
                    return null;
                }
                done = true;
                return content.write().toEntry(name);
            }
        };
    }

    private Step tableData(Catalog.Table t) {
        TableData data = new TableData(t, snapshot.session(), options);
        long[] reported = {0};
        return () -> {
            ArchiveEntry e = data.next();
            progress.rows(data.rowCount() - reported[0]);
            reported[0] = data.rowCount();
            if (e != null) {
                return e;
            }
            progress.tableDone();
            tables.add(new Manifest.TableRecord(t.database(), t.name(), "BASE TABLE", data.rowCount(), List.copyOf(data.files())));
            return null;
        };
    }

    /** A sequence's position: loading the file sets the next value the sequence will hand out. */
    private ChunkBuffer sequenceValue(Catalog.Table t) throws SQLException {
        try (Statement s = snapshot.session().createStatement();
             ResultSet rs = s.executeQuery("SELECT next_not_cached_value FROM " + SqlText.qualified(t.database(), t.name()))) {
            rs.next();
            String next = new String(rs.getBytes(1), StandardCharsets.US_ASCII);
            progress.tableDone();
            tables.add(new Manifest.TableRecord(t.database(), t.name(), "SEQUENCE", 1, List.of(t.database() + "." + t.name() + ".00000.sql")));
            return new ChunkBuffer(256).append(SchemaFiles.DATA_HEADER)
                    .append("DO SETVAL(" + SqlText.identifier(t.name()) + ", " + next + ", 0);\n");
        }
    }

    @Override
    public ArchiveEntry next() {
        if (closed) {
            throw new IllegalStateException("dump already closed");
        }
        try {
            while (true) {
                if (current == null) {
                    current = steps.poll();
                    if (current == null) {
                        return finish();
                    }
                }
                ArchiveEntry entry = current.next();
                if (entry != null) {
                    record(entry);
                    return entry;
                }
                current = null;
            }
        } catch (SQLException e) {
            throw new DumpException("the dump of the source server at " + sourceAddress + " failed: " + e.getMessage(),
                    "sqlbackup.source.url", e);
        }
    }

    private boolean finished;

    /** The closing entries: metadata, then the manifest; then the end. */
    private ArchiveEntry finish() {
        if (finished) {
            return null;
        }
        finished = true;
        Instant end = Instant.now();
        byte[] metadata = MetadataFile.render(snapshot.started(), snapshot.coordinates(), end).getBytes(StandardCharsets.UTF_8);
        ArchiveEntry metadataEntry = new ArchiveEntry(MetadataFile.NAME, metadata, metadata.length);
        record(metadataEntry);
        byte[] manifest = ManifestJson.write(new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, "sqlbackup " + Version.get(),
                snapshot.started().toString(), end.toString(),
                new Manifest.Source(sourceAddress, snapshot.serverVersion()), snapshot.coordinates(),
                List.copyOf(tables), List.copyOf(digests)));
        steps.add(new Step() {
            private boolean done;

            @Override
            public ArchiveEntry next() {
                if (done) {
                    return null;
                }
                done = true;
                return new ArchiveEntry(Manifest.NAME, manifest, manifest.length);
            }
        });
        current = null;
        return metadataEntry;
    }

    private void record(ArchiveEntry entry) {
        sha256.update(entry.data(), 0, entry.length());
        digests.add(new Manifest.EntryRecord(entry.name(), entry.length(), Sha256.hex(sha256)));
        progress.entry(entry.length());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            snapshot.close();
        }
    }
}
