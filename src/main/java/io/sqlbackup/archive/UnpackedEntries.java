package io.sqlbackup.archive;

import java.io.Closeable;
import java.io.IOException;

/**
 * The files of an archive, one at a time, as the archive is read: the body {@code archive:unpack}
 * produces. Nothing is held whole: an entry's content is read from the archive while the consumer
 * reads it, so a table file of many gigabytes passes through in constant memory.
 *
 * <p>{@link #next()} returning null is the only sign of success: it comes only once the whole
 * archive has been read, its end-of-archive marker found and the compression's own checks (gzip
 * CRC-32 and length, zstd checksum) passed. A failure is an {@link ArchiveException} (damaged,
 * truncated, unsafe entry, too large), or the IOException of the stream underneath (a bucket read,
 * a wrong decryption key). Close it in every case: that closes the archive stream.
 */
public interface UnpackedEntries extends Closeable {

    /**
     * The next file, or null at the end of the archive. Directory entries are skipped. The previous
     * entry's content stream is no longer valid after this call (what it did not read is skipped).
     */
    UnpackedEntry next() throws IOException;
}
