package io.sqlbackup.archive;

import java.io.InputStream;

/**
 * One file of an unpacked archive.
 *
 * @param name    the path inside the archive, normalised: no leading {@code ./}, no {@code .} or
 *                empty components; never absolute and never containing {@code ..}
 * @param size    the file's size in bytes, from its tar header
 * @param content the file's bytes, read from the archive as they are read from this stream; valid
 *                until {@link UnpackedEntries#next()} is called again. Closing it does not close
 *                the archive.
 */
public record UnpackedEntry(String name, long size, InputStream content) {
}
