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

    /**
     * The dumped server, without credentials.
     *
     * @param replicaLagSeconds how far the source replica was behind its primary when the dump
     *                          started; null when the source is no replica
     */
    public record Source(String address, String serverVersion, Long replicaLagSeconds) {
    }

    /**
     * One dumped table, view or sequence, its row count, checksum and the files that hold it.
     *
     * @param engine   the storage engine; null for views
     * @param checksum {@link #ROW_CHECKSUM}{@code :HEX}: the sum, modulo 2^64, over every row of
     *                 CRC32C and CRC32 (high and low 32 bits) of the row's {@code (v1,v2,...)}
     *                 text as written in the data files. A sum does not depend on row order, so
     *                 the same rows read back from a restored server in any order give it again.
     */
    public record TableRecord(String database, String table, String type, String engine, long rows, String checksum,
                              List<String> files) {
    }

    /** Name and version of the per-table row checksum. */
    public static final String ROW_CHECKSUM = "row-crc-sum-v1";

    /** One archive entry and the SHA-256 of its bytes. */
    public record EntryRecord(String name, long size, String sha256) {
    }
}
