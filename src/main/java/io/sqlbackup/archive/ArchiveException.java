package io.sqlbackup.archive;

import io.sqlbackup.SqlBackupException;

/**
 * An archive cannot be unpacked: it is damaged or cut short, it holds an entry that could write
 * outside the directory it is unpacked into, or it unpacks to more than the configured ceiling.
 * The message names the archive and, where there is one, the entry and how far into it.
 */
public class ArchiveException extends SqlBackupException {

    /** Why the archive was refused, for callers that react differently (a verify report, a retry). */
    public enum Reason {
        /** The bytes do not start like a gzip, zstd or tar stream (a wrong key gives this too). */
        NOT_AN_ARCHIVE,
        /** The archive ends before its end (a partial upload or download). */
        TRUNCATED,
        /** The bytes are corrupt: a checksum, a header or the compressed data does not add up. */
        DAMAGED,
        /** An entry could escape the target directory, or is a link, device or fifo. */
        UNSAFE_ENTRY,
        /** Unpacking would exceed the ceiling on unpacked bytes. */
        TOO_LARGE,
        /** The target directory already holds a file of that name. */
        TARGET_EXISTS
    }

    private final Reason reason;

    public ArchiveException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public ArchiveException(Reason reason, String message, String configKey, Throwable cause) {
        super(message, configKey, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
