package io.sqlbackup.load;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.archive.UnpackedEntry;
import io.sqlbackup.dump.MetadataFile;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.manifest.ManifestCheck;
import io.sqlbackup.replication.SnapshotCoordinates;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The restore's verify pass: reads the whole archive before any server is touched, checking it
 * as {@code sqlbackup verify} does (every digest against the manifest, when there is one), and
 * builds the {@link ArchiveIndex} the load passes work from.
 */
public final class ArchiveIndexer {

    private final long heldMemory;
    private final Path spillDirectory;

    /**
     * @param heldMemory     bytes of small files kept in memory before spilling to disk
     * @param spillDirectory parent of the temporary directory (null: the JVM's default)
     */
    public ArchiveIndexer(long heldMemory, Path spillDirectory) {
        this.heldMemory = heldMemory;
        this.spillDirectory = spillDirectory;
    }

    public ArchiveIndex index(@Body UnpackedEntries entries, @Header(BackupHeaders.OBJECT_NAME) String archive,
                              @Header(BackupHeaders.OBJECT_SHA256) String sha256,
                              @Header(BackupHeaders.OBJECT_SIZE) Long size) throws IOException {
        HeldFiles held = new HeldFiles(heldMemory, spillDirectory);
        try (ManifestCheck check = new ManifestCheck(entries, archive)) {
            List<String> names = new ArrayList<>();
            Map<String, Long> sizes = new HashMap<>();
            Set<String> knownDatabases = new HashSet<>();
            String metadata = null;
            for (UnpackedEntry entry = check.next(); entry != null; entry = check.next()) {
                DumpFile file = DumpFile.of(entry.name(), knownDatabases);
                names.add(entry.name());
                sizes.put(entry.name(), entry.size());
                switch (file.kind()) {
                    case DATABASE -> {
                        knownDatabases.add(file.database());
                        held.hold(entry.name(), entry.content(), entry.size());
                    }
                    case TABLE_SCHEMA, VIEW, TRIGGERS, POST, ACCOUNTS -> held.hold(entry.name(), entry.content(), entry.size());
                    case METADATA -> metadata = new String(entry.content().readNBytes(1 << 20), StandardCharsets.UTF_8);
                    default -> entry.content().transferTo(OutputStream.nullOutputStream());
                }
            }
            Manifest manifest = check.manifest();
            return build(archive, sha256, size == null ? -1 : size, manifest, metadata, names, sizes, knownDatabases, held);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private static ArchiveIndex build(String archive, String sha256, long size, Manifest manifest, String metadata,
                                      List<String> names, Map<String, Long> sizes, Set<String> knownDatabases,
                                      HeldFiles held) {
        // Classified again now that every database is known: a name's database part is only
        // unambiguous once all -schema-create files have been seen.
        List<DumpFile> heldFiles = new ArrayList<>();
        Map<TableName, int[]> fileCounts = new LinkedHashMap<>();
        Map<TableName, long[]> byteCounts = new HashMap<>();
        Set<String> dataFiles = new HashSet<>();
        List<String> ignored = new ArrayList<>();
        Map<TableName, String> schemaOf = new HashMap<>();
        for (String name : names) {
            DumpFile f = DumpFile.of(name, knownDatabases);
            switch (f.kind()) {
                case DATABASE, VIEW, TRIGGERS, POST, ACCOUNTS -> heldFiles.add(f);
                case TABLE_SCHEMA -> {
                    heldFiles.add(f);
                    schemaOf.put(f.tableName(), name);
                    fileCounts.putIfAbsent(f.tableName(), new int[1]);
                    byteCounts.putIfAbsent(f.tableName(), new long[1]);
                }
                case DATA -> {
                    dataFiles.add(name);
                    fileCounts.computeIfAbsent(f.tableName(), t -> new int[1])[0]++;
                    byteCounts.computeIfAbsent(f.tableName(), t -> new long[1])[0] += sizes.get(name);
                }
                case OTHER -> ignored.add(name);
                default -> {
                }
            }
        }
        Map<TableName, ArchiveIndex.TableFiles> tables = new LinkedHashMap<>();
        for (Map.Entry<TableName, int[]> e : fileCounts.entrySet()) {
            if (!schemaOf.containsKey(e.getKey())) {
                throw new DumpFileException(archive + " holds rows for " + e.getKey() + " but no " + e.getKey()
                        + "-schema.sql to create the table from: the archive is incomplete; use another backup");
            }
            tables.put(e.getKey(), new ArchiveIndex.TableFiles(e.getKey(), e.getValue()[0], byteCounts.get(e.getKey())[0]));
        }
        SnapshotCoordinates coordinates = manifest != null && manifest.coordinates() != null ? manifest.coordinates()
                : metadata != null ? MetadataFile.parse(metadata) : null;
        return new ArchiveIndex(archive, sha256, size, manifest, coordinates, heldFiles, tables, dataFiles, ignored, held);
    }

    /** The content of a held or streamed file, decompressed when the name ends in {@code .gz}. */
    static InputStream content(DumpFile file, InputStream raw) throws IOException {
        return file.gzipped() ? new GZIPInputStream(raw, 1 << 16) : raw;
    }
}
