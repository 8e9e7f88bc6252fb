package io.sqlbackup.archive;

import java.io.Closeable;
import java.io.IOException;

/** The files of an archive, streamed one after another as they come out of the tar. */
public interface UnpackedEntries extends Closeable {

    /** The next file entry, or null at the end; the previous entry's stream is invalid after this call. */
    UnpackedEntry next() throws IOException;
}
