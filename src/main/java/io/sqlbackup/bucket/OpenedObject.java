package io.sqlbackup.bucket;

import java.io.InputStream;

/**
 * An object opened for reading: its description (with the recorded SHA-256) and its bytes, from
 * one look-up, so the digest checked is the one of the bytes streamed.
 *
 * @param object  what the bucket records of it
 * @param content its bytes, streamed as they are read
 */
public record OpenedObject(StoredObject object, InputStream content) {
}
