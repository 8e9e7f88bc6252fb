package io.sqlbackup.bucket;

/**
 * Metadata keys kept with each object, outside the encrypted archive. Only small non-sensitive
 * facts go here (DESIGN.md): never table data, names of tables or anything from the key.
 * On GCS they are the object's custom metadata; in a local directory a sidecar file holds them.
 */
public final class ObjectMetadata {

    /** Hex SHA-256 of the stored bytes, computed while they were written. */
    public static final String SHA256 = "sha256";
    /** The archive format, e.g. {@code tar.gz+openssl-aes-256-cbc}. */
    public static final String FORMAT = "sqlbackup-format";
    /** The instant (ISO-8601, UTC) of the snapshot the archive holds. */
    public static final String SNAPSHOT = "sqlbackup-snapshot";
    /** The sqlbackup version that wrote the object. */
    public static final String TOOL = "sqlbackup-tool";
    /** The instant (ISO-8601, UTC) a full {@code sqlbackup verify} last passed. */
    public static final String VERIFIED = "sqlbackup-verified";

    private ObjectMetadata() {
    }
}
