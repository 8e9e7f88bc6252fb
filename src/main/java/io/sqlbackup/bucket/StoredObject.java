package io.sqlbackup.bucket;

import java.time.Instant;
import java.util.Map;

/**
 * An object in the bucket, with the small non-sensitive facts kept beside it.
 *
 * @param name     object name under the bucket's prefix
 * @param size     bytes
 * @param created  when it was stored
 * @param metadata {@link ObjectMetadata} entries (sha256, snapshot time, verification); never table data
 * @param location full path or URL, for operators
 */
public record StoredObject(String name, long size, Instant created, Map<String, String> metadata, String location) {

    public StoredObject {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Hex SHA-256 of the object's bytes as recorded when it was written, or null when unknown. */
    public String sha256() {
        return metadata.get(ObjectMetadata.SHA256);
    }
}
