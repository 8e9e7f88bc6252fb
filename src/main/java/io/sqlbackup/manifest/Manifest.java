package io.sqlbackup.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sqlbackup.replication.SnapshotCoordinates;
import java.util.List;

/**
 * {@code sqlbackup-manifest.json}, inside the encrypted archive: what was dumped, from where, at
 * which coordinates, and a digest of every other entry so an archive can be checked without a server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        String format,
        int formatVersion,
        String tool,
        String started,
        String finished,
        Source source,
        SnapshotCoordinates coordinates,
        List<TableRecord> tables,
        List<EntryRecord> entries) {

    public static final String NAME = "sqlbackup-manifest.json";
    public static final String FORMAT = "sqlbackup-manifest";
    public static final int FORMAT_VERSION = 1;

    /** The dumped server, without credentials. */
    public record Source(String address, String serverVersion) {
    }

    /** One dumped table, view or sequence, its row count and the files that hold it. */
    public record TableRecord(String database, String table, String type, long rows, List<String> files) {
    }

    /** One archive entry and the SHA-256 of its bytes. */
    public record EntryRecord(String name, long size, String sha256) {
    }
}
