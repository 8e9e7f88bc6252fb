package io.sqlbackup.bucket;

import java.time.Instant;

/**
 * An object in the bucket, with the small non-sensitive facts kept beside it.
 *
 * @param name     object name under the bucket's prefix
 * @param size     bytes
 * @param created  when it was stored
 * @param sha256   hex SHA-256 of the bytes, computed while writing; null when unknown
 * @param location full path or URL, for operators
 */
public record StoredObject(String name, long size, Instant created, String sha256, String location) {
}
