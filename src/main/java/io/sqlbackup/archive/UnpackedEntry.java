package io.sqlbackup.archive;

import java.io.InputStream;

/**
 * One file of an archive as it is unpacked.
 *
 * @param name    path inside the archive without the leading {@code ./}
 * @param size    bytes, from the tar header
 * @param content the bytes, valid until the next entry is asked for
 */
public record UnpackedEntry(String name, long size, InputStream content) {
}
