package io.sqlbackup.archive;

import java.io.Closeable;
import java.io.IOException;

/**
 * A lazily produced sequence of dump files: each call to {@link #next()} does the work for the
 * next entry (a query, a chunk of rows), so nothing is read ahead of the stage that consumes it.
 */
public interface EntrySource extends Closeable {

    /** The next entry, or null when the dump is complete. */
    ArchiveEntry next() throws IOException;
}
