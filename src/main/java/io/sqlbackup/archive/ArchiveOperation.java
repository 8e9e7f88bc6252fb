package io.sqlbackup.archive;

import java.util.Locale;

/** What an {@code archive:} endpoint does. */
public enum ArchiveOperation {
    /** Dump entries in, a compressed tar stream out. */
    pack,
    /** A compressed tar stream in, its entries out, one at a time ({@link UnpackedEntries}). */
    unpack;

    static ArchiveOperation parse(String text) {
        try {
            return valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("archive:" + text + " is not an operation; use archive:pack or archive:unpack");
        }
    }
}
