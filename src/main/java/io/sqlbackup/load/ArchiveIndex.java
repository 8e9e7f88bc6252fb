package io.sqlbackup.load;

import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.replication.SnapshotCoordinates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the verify pass learnt of an archive: that it is whole, which databases and tables it
 * holds, how its rows are spread over files, and the small files (schemas, views, triggers,
 * routines, accounts), kept in {@link HeldFiles} for the load passes. The load passes stream
 * only the data files again.
 */
public final class ArchiveIndex implements AutoCloseable {

    /** The data files of one table. */
    public record TableFiles(TableName table, int files, long bytes) {
    }

    private final String objectName;
    private final String objectSha256;
    private final long objectSize;
    private final Manifest manifest;
    private final SnapshotCoordinates coordinates;
    private final List<DumpFile> heldFiles;
    private final Map<TableName, TableFiles> tables;
    private final Set<String> databases;
    private final Set<String> dataFiles;
    private final List<String> ignored;
    private final HeldFiles held;

    ArchiveIndex(String objectName, String objectSha256, long objectSize, Manifest manifest, SnapshotCoordinates coordinates,
                 List<DumpFile> heldFiles, Map<TableName, TableFiles> tables, Set<String> dataFiles, List<String> ignored,
                 HeldFiles held) {
        this.objectName = objectName;
        this.objectSha256 = objectSha256;
        this.objectSize = objectSize;
        this.manifest = manifest;
        this.coordinates = coordinates;
        this.heldFiles = List.copyOf(heldFiles);
        this.tables = new TreeMap<>(tables);
        this.dataFiles = Set.copyOf(dataFiles);
        this.ignored = List.copyOf(ignored);
        this.held = held;
        Set<String> dbs = new LinkedHashSet<>();
        heldFiles.stream().filter(f -> f.database() != null).forEach(f -> dbs.add(f.database()));
        this.databases = dbs;
    }

    public String objectName() {
        return objectName;
    }

    /** SHA-256 of the object's bytes as the bucket recorded it, or null for objects stored without one. */
    public String objectSha256() {
        return objectSha256;
    }

    public long objectSize() {
        return objectSize;
    }

    /** The sqlbackup manifest, or null for archives the old scripts made. */
    public Manifest manifest() {
        return manifest;
    }

    /** Binlog coordinates of the dump (manifest, else the metadata file); null when neither has them. */
    public SnapshotCoordinates coordinates() {
        return coordinates;
    }

    /** Every database of the archive, in archive order. */
    public Set<String> databases() {
        return databases;
    }

    /** Schema, view, trigger, routine and accounts files, in archive order. */
    public List<DumpFile> heldFiles() {
        return heldFiles;
    }

    public List<DumpFile> heldFiles(DumpFile.Kind kind, Collection<String> inDatabases) {
        List<DumpFile> out = new ArrayList<>();
        for (DumpFile f : heldFiles) {
            if (f.kind() == kind && (f.database() == null || inDatabases.contains(f.database()))) {
                out.add(f);
            }
        }
        return out;
    }

    /** Tables (and views' stand-in tables) with the data files that hold their rows. */
    public Map<TableName, TableFiles> tables() {
        return tables;
    }

    /** Whether the verify pass saw an entry of this name. */
    public boolean knows(String name) {
        return dataFiles.contains(name) || held.holds(name) || ignored.contains(name) || "metadata".equals(name)
                || Manifest.NAME.equals(name);
    }

    public boolean isDataFile(String name) {
        return dataFiles.contains(name);
    }

    /** Entries that are neither dump files nor ours; not loaded. */
    public List<String> ignored() {
        return ignored;
    }

    public HeldFiles held() {
        return held;
    }

    /** Tables the manifest records, by name; empty without a manifest. */
    public Map<TableName, Manifest.TableRecord> manifestTables() {
        Map<TableName, Manifest.TableRecord> out = new LinkedHashMap<>();
        if (manifest != null && manifest.tables() != null) {
            manifest.tables().forEach(t -> out.put(new TableName(t.database(), t.table()), t));
        }
        return out;
    }

    @Override
    public void close() {
        held.close();
    }
}
